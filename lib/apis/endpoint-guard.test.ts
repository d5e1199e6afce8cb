import { describe, expect, it } from "vitest";
import { isLiteralPrivateHost, isPrivateAddress } from "./endpoint-guard";

describe("private address guard", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:a9fe:a9fe",
    "64:ff9b::a9fe:a9fe",
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700:4700::1111"])("allows %s", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it("treats anything that is not an address as private, so nothing unexpected gets through", () => {
    expect(isPrivateAddress("example.com")).toBe(true);
  });

  it("recognises literal private hosts in URLs without resolving names", () => {
    expect(isLiteralPrivateHost("http://localhost:8080/x")).toBe(true);
    expect(isLiteralPrivateHost("http://api.localhost/x")).toBe(true);
    expect(isLiteralPrivateHost("http://[::1]/")).toBe(true);
    expect(isLiteralPrivateHost("http://169.254.169.254/latest")).toBe(true);
    expect(isLiteralPrivateHost("https://backend.example.com/v1")).toBe(false);
  });
});
