import { describe, expect, it } from "vitest";
import { bareHost, cidrContains, isBlockedAddress, isLiteralPrivateHostname, parseCidr, parseIp } from "./ip";

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

  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "100.64.0.1",
    "100.127.255.254",
    "169.254.169.254",
    "172.16.5.4",
    "172.31.255.255",
    "192.0.0.8",
    "192.0.2.1",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.255",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "::127.0.0.1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "::ffff:0:a00:1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::10.0.0.1",
    "2002:7f00:1::1",
    "2002:c0a8:101::",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "2001:db8::1",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1",
    "fe80::1%eth0",
    "fec0::1",
    "ff02::1",
    "100::1",
  ])("blocks %s", (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "198.20.0.1", "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"])(
    "lets %s through",
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
    },
  );

  it("counts what is not a plain address as blocked, and octal-looking IPv4 too", () => {
    for (const value of ["example.com", "", "127.1", "0177.0.0.1", "010.8.8.8", "08.8.8.8", "2130706433", "0x7f000001"]) expect(isBlockedAddress(value), value).toBe(true);
  });

  it("sees a URL's host as the socket will: after the URL parser has normalised it", () => {
    const host = (url: string) => new URL(url).hostname;
    for (const url of [
      "http://2130706433/",
      "http://0x7f.1/",
      "http://017700000001/",
      "http://0177.0.0.1/",
      "http://127.1/",
      "http://0/",
      "http://[::1]/",
      "http://[::]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[0:0:0:0:0:ffff:169.254.169.254]/",
      "http://localhost/",
      "http://LOCALHOST./",
      "http://api.localhost/",
      "http://0xa9.0xfe.0xa9.0xfe/",
    ]) {
      expect(isLiteralPrivateHostname(host(url)), url).toBe(true);
    }
    for (const url of ["http://backend.example.com/", "http://8.8.8.8/", "http://[2606:4700::1111]/", "http://localhost.example.com/"]) {
      expect(isLiteralPrivateHostname(host(url)), url).toBe(false);
    }
    expect(bareHost("[::1]")).toBe("::1");
    expect(bareHost("Example.COM.")).toBe("example.com");
  });
});
