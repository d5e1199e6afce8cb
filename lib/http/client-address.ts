import { cidrContains, parseCidr, parseIp, type Cidr, type ParsedIp } from "@/lib/net/ip";

/**
 * The one place the caller's address is worked out (sign-in throttling, the gateway's IP blocking
 * and unauthenticated tier, usage records). Edge-safe: nothing here imports node:*.
 *
 * The client is the socket's peer, unless that peer is a trusted proxy (TRUSTED_PROXIES); then
 * X-Forwarded-For is walked from the right, skipping trusted hops, and the first hop that is not
 * trusted is the client (nginx's `real_ip_recursive on`). A hop that is not an address ends the
 * walk at the last trusted one. Only the hops our own proxies appended are believed: anything a
 * client writes into the header sits to the left of them.
 */

/** Set by Portcullis's portal server (server/start.ts) on every request it hands to Next; any incoming copy is dropped. */
export const CLIENT_ADDRESS_HEADER = "x-portcullis-client-ip";
/** Proves to the gateway listener that CLIENT_ADDRESS_HEADER comes from this deployment's portal (the /gw rewrite). */
export const INTERNAL_TOKEN_HEADER = "x-portcullis-internal-token";

export type TrustedProxies = readonly Cidr[];

/** What TRUSTED_PROXIES keywords stand for. */
const KEYWORDS: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/** Comma-separated addresses, CIDR ranges and the keywords `loopback` and `private`; null names the first bad entry. */
export function parseTrustedProxies(value: string | undefined): { ok: true; proxies: TrustedProxies } | { ok: false; entry: string } {
  const proxies: Cidr[] = [];
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const ranges = KEYWORDS[entry.toLowerCase()] ?? [entry];
    for (const range of ranges) {
      const cidr = parseCidr(range);
      if (!cidr) return { ok: false, entry };
      proxies.push(cidr);
    }
  }
  return { ok: true, proxies };
}

/** The address as one canonical string (IPv4-mapped IPv6 as IPv4, IPv6 compressed); null when it is not an address. */
export function canonicalAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const ip = parseIp(stripPort(value.trim()));
  return ip ? formatIp(ip) : null;
}

/**
 * The client of one connection. `peer` is the socket's remote address; `undefined` when the code
 * cannot see the socket (Next hosted by a platform), which is then taken as a trusted proxy only
 * when some proxy is trusted at all.
 */
export function clientAddressOf(
  { peer, forwardedFor }: { peer: string | undefined; forwardedFor?: string | string[] | null },
  trusted: TrustedProxies,
): string {
  // The common case, and the gateway's hot path: no proxy is trusted, nothing to parse.
  if (trusted.length === 0) return peer || "unknown";
  const peerIp = peer === undefined ? null : parseIp(stripPort(peer));
  const peerAddress = peerIp ? formatIp(peerIp) : "unknown";
  if (peer !== undefined && (!peerIp || !isTrusted(peerIp, trusted))) return peerAddress;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).split(",");
  let current = peerAddress;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i].trim();
    if (!hop) continue;
    const ip = parseIp(stripPort(hop));
    if (!ip) return current;
    current = formatIp(ip);
    if (!isTrusted(ip, trusted)) return current;
  }
  // Every hop was a trusted proxy: the left-most is as far as the chain goes.
  return current;
}

type HeaderSource = Request | Headers | Record<string, unknown> | undefined;
export type ClientAddressConfig = { trustedProxies: TrustedProxies; internalToken?: string };

/**
 * The client address of a request inside the Next app (route handlers, next-auth, the Edge
 * middleware). Behind Portcullis's own server (which sets INTERNAL_TOKEN for the app) the socket
 * is not visible here, but that server has already worked the address out and put it in
 * CLIENT_ADDRESS_HEADER, replacing whatever the caller sent. Without it (a platform runs Next),
 * the peer is unknown: X-Forwarded-For is walked as above when TRUSTED_PROXIES is set, and
 * otherwise every caller is "unknown" rather than whatever address it claims.
 */
export function requestClientAddress(source: HeaderSource, env: ClientAddressConfig): string {
  const get = headerGetter(source);
  if (env.internalToken) return canonicalAddress(get(CLIENT_ADDRESS_HEADER)) ?? "unknown";
  return clientAddressOf({ peer: undefined, forwardedFor: get("x-forwarded-for") }, env.trustedProxies);
}

/** Equal strings, compared in constant time (Edge-safe: no node:crypto). */
export function sameSecret(given: string | null | undefined, expected: string | undefined): boolean {
  if (!given || !expected || given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}

function headerGetter(source: HeaderSource): (name: string) => string | null {
  if (!source) return () => null;
  if (source instanceof Request) return (name) => source.headers.get(name);
  if (source instanceof Headers) return (name) => source.get(name);
  return (name) => {
    const value = source[name];
    if (Array.isArray(value)) return value.map(String).join(",");
    return typeof value === "string" ? value : null;
  };
}

function isTrusted(ip: ParsedIp, trusted: TrustedProxies): boolean {
  for (const cidr of trusted) if (cidrContains(cidr, ip)) return true;
  return false;
}

/** `1.2.3.4:5678` and `[::1]:80`, as some proxies write hops, without the port. */
function stripPort(value: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return v4 ? v4[1] : value;
}

function formatIp({ version, value }: ParsedIp): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups becomes "::".
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

type NodeRequestLike = { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } };

/**
 * For the portal server in front of Next (server/start.ts), which alone sees the socket: replaces
 * any CLIENT_ADDRESS_HEADER (and INTERNAL_TOKEN_HEADER) the caller sent with the address worked out
 * from the socket, so the app can believe the header.
 */
export function stampClientAddress(req: NodeRequestLike, trusted: TrustedProxies): void {
  delete req.headers[INTERNAL_TOKEN_HEADER];
  const address = clientAddressOf({ peer: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"] }, trusted);
  req.headers[CLIENT_ADDRESS_HEADER] = canonicalAddress(address) ?? "unknown";
}
