import dns from "node:dns";
import net, { type LookupFunction } from "node:net";
import { buildConnector } from "undici";
import { bareHost, isBlockedAddress, isIpLiteral } from "./ip";

/** Every address a host name resolves to, as `dns.lookup(name, { all: true })` gives them. */
export type HostLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address, in its order. */
export const systemLookup: HostLookup = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** A connection refused because its destination is private; `code` lets callers tell it from a network failure. */
export class PrivateAddressError extends Error {
  readonly code = "EPRIVATE";
  constructor(readonly host: string) {
    super(`${host} is a loopback, private, link-local or reserved address`);
    this.name = "PrivateAddressError";
  }
}

/**
 * A `lookup` for net.connect / tls.connect that refuses a name when ANY of its addresses is private
 * (a name with one public and one private address is refused too) and otherwise hands the socket
 * exactly the addresses it vetted. The socket connects to what this lookup returned and nothing
 * else, so there is no second resolution an attacker's DNS could answer differently (rebinding).
 */
export function guardedLookup(lookup: HostLookup = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (resolved) => {
        const family = options.family === 4 || options.family === "IPv4" ? 4 : options.family === 6 || options.family === "IPv6" ? 6 : 0;
        const addresses = family ? resolved.filter((a) => a.family === family) : resolved;
        if (resolved.some((a) => isBlockedAddress(a.address))) return callback(new PrivateAddressError(hostname), "", 4);
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
        if (options.all) return (callback as unknown as (error: null, all: dns.LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}

export type GuardedConnectorOptions = buildConnector.BuildOptions & { lookup?: HostLookup };

/**
 * An undici connector (the `connect` option of a Pool, Client or Agent) that refuses private
 * destinations on every new connection: an IP-literal host is checked before any socket is made
 * (net.connect does not call `lookup` for one), and a name goes through guardedLookup. Connections
 * already open are reused without any check, so the cost is per connection, not per request.
 */
export function guardedConnector({ lookup, ...options }: GuardedConnectorOptions = {}): buildConnector.connector {
  const connect = buildConnector({ ...options, lookup: guardedLookup(lookup) } as buildConnector.BuildOptions);
  return (connectOptions, callback) => {
    const host = bareHost(connectOptions.hostname);
    // What net.connect takes for an address (and so connects to without a lookup) is checked as one.
    if ((net.isIP(host) !== 0 || isIpLiteral(host)) && isBlockedAddress(host)) {
      process.nextTick(callback, new PrivateAddressError(host), null);
      return;
    }
    return connect(connectOptions, callback);
  };
}
