import { describe, expect, it } from "vitest";
import type { HostLookup } from "@/lib/net/guarded-dial";
import { assertPublicDestination, isLiteralPrivateHost, isPrivateAddress, privateEndpointProblem } from "./endpoint-guard";

const lookup: HostLookup = async (hostname) => {
  const table: Record<string, string[]> = {
    "private.test": ["10.1.2.3"],
    "mixed.test": ["93.184.216.34", "169.254.169.254"],
    "public.test": ["93.184.216.34"],
  };
  if (!table[hostname]) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return table[hostname].map((address) => ({ address, family: 4 }));
};

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
    expect(isLiteralPrivateHost("http://localhost.:8080/")).toBe(true);
    expect(isLiteralPrivateHost("http://0x7f.1/")).toBe(true);
    expect(isLiteralPrivateHost("https://backend.example.com/v1")).toBe(false);
  });

  it("refuses a saved endpoint whose name resolves privately, even in part; accepts one that does not resolve yet", async () => {
    expect(await privateEndpointProblem("http://private.test:8080/x", lookup)).toMatch(/private.test resolves to 10.1.2.3/);
    expect(await privateEndpointProblem("http://mixed.test/", lookup)).toMatch(/169.254.169.254/);
    expect(await privateEndpointProblem("http://localhost.:1234/", lookup)).toMatch(/localhost/);
    expect(await privateEndpointProblem("http://2130706433/", lookup)).toMatch(/127.0.0.1/);
    expect(await privateEndpointProblem("http://public.test/", lookup)).toBeNull();
    expect(await privateEndpointProblem("http://not-yet.test/", lookup)).toBeNull();
  });

  it("refuses before a request, on the field named, what resolves privately or not at all", async () => {
    await expect(assertPublicDestination(new URL("http://mixed.test/"), "url", lookup)).rejects.toMatchObject({ fieldErrors: { url: [expect.stringMatching(/169.254.169.254/)] } });
    await expect(assertPublicDestination(new URL("http://not-yet.test/"), "url", lookup)).rejects.toMatchObject({ fieldErrors: { url: [expect.stringMatching(/resolved/)] } });
    await expect(assertPublicDestination(new URL("http://[::ffff:7f00:1]/"), "url", lookup)).rejects.toMatchObject({ fieldErrors: { url: [expect.stringMatching(/private/)] } });
    expect(await assertPublicDestination(new URL("http://public.test/"), "url", lookup)).toEqual(["93.184.216.34"]);
  });
});
