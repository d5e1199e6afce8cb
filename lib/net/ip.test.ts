import { describe, expect, it } from "vitest";
import { cidrContains, parseCidr, parseIp } from "./ip";

describe("ip", () => {
  it("parses IPv4, IPv6 and IPv4-mapped IPv6", () => {
    expect(parseIp("10.0.0.1")).toEqual({ version: 4, value: 0x0a000001n });
    expect(parseIp("::ffff:10.0.0.1")).toEqual({ version: 4, value: 0x0a000001n });
    expect(parseIp("::1")).toEqual({ version: 6, value: 1n });
    expect(parseIp("fe80::1%eth0")?.value).toBe(0xfe800000000000000000000000000001n);
    expect(parseIp("2001:db8::")).toEqual({ version: 6, value: 0x20010db8000000000000000000000000n });
    for (const bad of ["256.0.0.1", "1.2.3", "1::2::3", "gggg::", "", "1.2.3.4.5"]) expect(parseIp(bad)).toBeNull();
  });

  it("matches CIDR ranges of either family", () => {
    const range = parseCidr("192.168.1.0/24")!;
    expect(cidrContains(range, parseIp("192.168.1.77")!)).toBe(true);
    expect(cidrContains(range, parseIp("192.168.2.1")!)).toBe(false);
    expect(cidrContains(parseCidr("0.0.0.0/0")!, parseIp("8.8.8.8")!)).toBe(true);
    expect(cidrContains(parseCidr("fc00::/7")!, parseIp("fd12::1")!)).toBe(true);
    expect(cidrContains(parseCidr("fc00::/7")!, parseIp("10.0.0.1")!)).toBe(false);
    expect(parseCidr("10.0.0.0/33")).toBeNull();
  });
});
