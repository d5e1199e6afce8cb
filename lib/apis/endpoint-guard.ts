import "server-only";
import { ValidationError } from "@/lib/errors";
import { systemLookup, type HostLookup } from "@/lib/net/guarded-dial";
import { bareHost, isBlockedAddress, isIpLiteral, isLiteralPrivateHostname } from "@/lib/net/ip";

/**
 * Whether a server-side request may not reach this address unless private endpoints are allowed:
 * loopback, private, link-local (cloud metadata), carrier-grade NAT, multicast, reserved and
 * documentation ranges, and IPv6 forms that embed such an IPv4 address (lib/net/ip.ts).
 */
export function isPrivateAddress(address: string): boolean {
  return isBlockedAddress(address);
}

/** The host of a URL as the resolver wants it (IPv6 literals lose their brackets). */
export function hostOf(url: URL): string {
  return bareHost(url.hostname);
}

export class UnsafeDestinationError extends ValidationError {
  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`, { [field]: [detail] });
  }
}

const PRIVATE_NOT_ALLOWED = "Private endpoints are not allowed on this server.";

/**
 * Resolves the URL's host and checks every address it resolves to. Throws a ValidationError on
 * `field` when any is private (a name with one public and one private address is still refused),
 * or when the name does not resolve. A check before a request, for a clear 422: the request
 * itself must still go through a guarded connection (safe-fetch.ts), as the name may resolve
 * differently a moment later.
 */
export async function assertPublicDestination(url: URL, field: string, lookup: HostLookup = systemLookup): Promise<string[]> {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UnsafeDestinationError(field, "Use an http:// or https:// URL.");
  const resolved = await resolveHost(url, lookup);
  if (resolved.kind === "unresolved") throw new UnsafeDestinationError(field, `The host ${hostOf(url)} could not be resolved.`);
  if (resolved.kind === "private") throw new UnsafeDestinationError(field, privateDetail(hostOf(url), resolved.address));
  return resolved.addresses;
}

/**
 * The check when an endpoint is saved: a private literal or a name that resolves (even in part)
 * to a private address is refused. A name that does not resolve now is accepted: the server may
 * be offline, or the backend's name not yet published; every connection the gateway opens checks
 * the addresses again, so accepting it opens nothing. Returns the refusal, or null.
 */
export async function privateEndpointProblem(rawUrl: string, lookup: HostLookup = systemLookup): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (isLiteralPrivateHostname(url.hostname)) return `${hostOf(url)} is a loopback, private or link-local address. ${PRIVATE_NOT_ALLOWED}`;
  const resolved = await resolveHost(url, lookup);
  return resolved.kind === "private" ? privateDetail(hostOf(url), resolved.address) : null;
}

/** How long a save waits for DNS before taking the name as unresolved (the gateway checks it again anyway). */
const SAVE_LOOKUP_TIMEOUT_MS = 3000;

type Resolution = { kind: "public"; addresses: string[] } | { kind: "private"; address: string } | { kind: "unresolved" };

async function resolveHost(url: URL, lookup: HostLookup): Promise<Resolution> {
  const host = hostOf(url);
  let addresses: string[];
  if (isIpLiteral(host)) addresses = [host];
  else {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), SAVE_LOOKUP_TIMEOUT_MS);
      timer.unref?.();
    });
    const results = await Promise.race([lookup(host).catch(() => null), timeout]).finally(() => clearTimeout(timer));
    if (!results || results.length === 0) return { kind: "unresolved" };
    addresses = results.map((r) => r.address);
  }
  const refused = addresses.find(isBlockedAddress);
  return refused ? { kind: "private", address: refused } : { kind: "public", addresses };
}

function privateDetail(host: string, address: string): string {
  const what = host === address ? `${host} is` : `${host} resolves to ${address},`;
  return `${what} a loopback, private, link-local or reserved address. ${PRIVATE_NOT_ALLOWED}`;
}

/** Refuses a literal private address (or localhost) without touching DNS: a cheap check for a form. */
export function isLiteralPrivateHost(url: string): boolean {
  try {
    return isLiteralPrivateHostname(new URL(url).hostname);
  } catch {
    return false;
  }
}
