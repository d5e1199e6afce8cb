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
