/** IPv4 and IPv6 addresses as integers, for exact and CIDR matching (blocking conditions, SSRF guards). */
export type ParsedIp = { version: 4 | 6; value: bigint };

export function parseIp(input: string): ParsedIp | null {
  let address = input.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1];
  if (address.includes(".") && !address.includes(":")) return parseIpv4(address);
  if (address.includes(":")) return parseIpv6(address);
  return null;
}

function parseIpv4(address: string): ParsedIp | null {
  const parts = address.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return { version: 4, value };
}

function parseIpv6(address: string): ParsedIp | null {
  const zoneless = address.split("%")[0];
  const halves = zoneless.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  // An embedded IPv4 tail (::1.2.3.4) counts as two groups.
  const expand = (groups: string[]) =>
    groups.flatMap((group) => {
      if (group.includes(".")) {
        const v4 = parseIpv4(group);
        if (!v4) return ["x"];
        return [((v4.value >> 16n) & 0xffffn).toString(16), (v4.value & 0xffffn).toString(16)];
      }
      return [group];
    });
  const left = expand(head);
  const right = expand(tail);
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return { version: 6, value };
}

export type Cidr = { version: 4 | 6; network: bigint; prefix: number };

export function parseCidr(input: string): Cidr | null {
  const [address, prefixText] = input.trim().split("/");
  const ip = parseIp(address);
  if (!ip) return null;
  const bits = ip.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { version: ip.version, network: ip.value & mask, prefix };
}

export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  if (cidr.version !== ip.version) return false;
  const bits = cidr.version === 4 ? 32 : 128;
  const mask = cidr.prefix === 0 ? 0n : ((1n << BigInt(cidr.prefix)) - 1n) << BigInt(bits - cidr.prefix);
  return (ip.value & mask) === cidr.network;
}

/**
 * Ranges a server-side request to a user-given URL must not reach unless private endpoints are
 * allowed: this host, private networks, link-local (the cloud metadata service at 169.254.169.254
 * lives there), carrier-grade NAT, benchmarking, documentation, multicast, reserved and broadcast.
 */
const BLOCKED_V4 = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.88.99.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
].map((range) => parseCidr(range)!);

const BLOCKED_V6 = [
  // Unspecified, loopback and the deprecated IPv4-compatible addresses.
  "::/96",
  "::ffff:0:0:0/96",
  "64:ff9b:1::/48",
  "100::/64",
  "2001::/32",
  "2001:2::/48",
  "2001:db8::/32",
  "fc00::/7",
  "fe80::/10",
  "fec0::/10",
  "ff00::/8",
].map((range) => parseCidr(range)!);

/** IPv6 ranges that carry an IPv4 address, and where it sits: the address is checked as that IPv4 one. */
const EMBEDDING_V6: { range: Cidr; shift: bigint }[] = [
  { range: parseCidr("::ffff:0:0/96")!, shift: 0n },
  { range: parseCidr("64:ff9b::/96")!, shift: 0n },
  { range: parseCidr("2002::/16")!, shift: 80n },
];

/**
 * Whether an address (as a resolver returns it, or a URL's host without brackets) is one a
 * server-side request must not reach. Anything that is not a plain address counts as blocked, and
 * so does an IPv4 address written with leading zeros, which some parsers read as octal.
 */
export function isBlockedAddress(address: string): boolean {
  if (/(^|\.)0\d/.test(address) && !address.includes(":")) return true;
  const ip = parseIp(address);
  if (!ip) return true;
  if (ip.version === 4) return BLOCKED_V4.some((range) => cidrContains(range, ip));
  for (const { range, shift } of EMBEDDING_V6) {
    if (cidrContains(range, ip)) return isBlockedAddress(v4Text((ip.value >> shift) & 0xffffffffn));
  }
  return BLOCKED_V6.some((range) => cidrContains(range, ip));
}

function v4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
}

/** A URL's host as a resolver or socket takes it: IPv6 literals without their brackets, no trailing dot. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

/** An IP literal (v4 dotted or v6), as opposed to a name to resolve. */
export function isIpLiteral(host: string): boolean {
  return parseIp(host) !== null && !/[^0-9a-f:.%]/i.test(host);
}

/**
 * A host that is private without asking DNS: a blocked IP literal, or `localhost` and its
 * subdomains (which resolvers answer locally). Names are left to the connect-time check.
 */
export function isLiteralPrivateHostname(hostname: string): boolean {
  const host = bareHost(hostname);
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  return isIpLiteral(host) && isBlockedAddress(host);
}
