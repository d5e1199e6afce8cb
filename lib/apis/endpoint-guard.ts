import dns from "node:dns/promises";
import net from "node:net";
import { ValidationError } from "@/lib/errors";

/**
 * Addresses a server-side request must not reach unless private endpoints are allowed: loopback,
 * private, link-local (cloud metadata at 169.254.169.254 lives there), carrier-grade NAT, multicast,
 * reserved and documentation ranges, and IPv6 forms that embed an IPv4 address.
 */
const BLOCKED_V4 = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED_V4.addSubnet(prefix, bits, "ipv4");
}
// A separate list: Node checks IPv4 addresses against IPv6 rules as IPv4-mapped addresses, so a
// ::ffff:0:0/96 rule in the same list would match every IPv4 address.
const BLOCKED_V6 = new net.BlockList();
for (const [prefix, bits] of [
  ["::", 128],
  ["::1", 128],
  ["::ffff:0:0", 96],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED_V6.addSubnet(prefix, bits, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return BLOCKED_V4.check(address, "ipv4");
  if (family === 6) return BLOCKED_V6.check(address, "ipv6");
  return true;
}

/** The host of a URL as the resolver wants it (IPv6 literals lose their brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

export class UnsafeDestinationError extends ValidationError {
  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`, { [field]: [detail] });
  }
}

/**
 * Resolves the URL's host and checks every address it resolves to. Throws a ValidationError on
 * `field` when any is private (a name with one public and one private address is still refused).
 */
export async function assertPublicDestination(url: URL, field: string): Promise<string[]> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UnsafeDestinationError(field, "Use an http:// or https:// URL.");
  const host = hostOf(url);
  const addresses = net.isIP(host) ? [host] : await lookupAll(host, field);
  const refused = addresses.find(isPrivateAddress);
  if (refused) {
    throw new UnsafeDestinationError(
      field,
      `${host} resolves to ${refused}, a loopback, private, link-local or reserved address. Private endpoints are not allowed on this server.`,
    );
  }
  return addresses;
}

async function lookupAll(host: string, field: string): Promise<string[]> {
  try {
    const results = await dns.lookup(host, { all: true, verbatim: true });
    if (results.length === 0) throw new Error("no addresses");
    return results.map((r) => r.address);
  } catch {
    throw new UnsafeDestinationError(field, `The host ${host} could not be resolved.`);
  }
}

/** Refuses a literal private address without touching DNS: a cheap check when an endpoint is saved. */
export function isLiteralPrivateHost(url: string): boolean {
  try {
    const host = hostOf(new URL(url));
    return host === "localhost" || host.endsWith(".localhost") || (net.isIP(host) !== 0 && isPrivateAddress(host));
  } catch {
    return false;
  }
}
