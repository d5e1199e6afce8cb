import type { Readable } from "node:stream";
import { Pool } from "undici";
import { config } from "@/lib/config";
import { guardedConnector, type HostLookup } from "@/lib/net/guarded-dial";
import type { Forwarder } from "../context";
import { BackendRelay, toForwardError } from "./backend-relay";

export type UndiciForwarderOptions = {
  /** Whether backends may be on loopback, private or link-local addresses; ALLOW_PRIVATE_ENDPOINTS unless given. */
  allowPrivateEndpoints?: boolean;
  connectionsPerOrigin?: number;
  /** Where backend host names resolve: the system resolver unless a test gives its own. */
  lookup?: HostLookup;
};

/**
 * Keep-alive connection pools, one per backend origin, shared by every request of this process.
 * Unless private endpoints are allowed, each new connection checks the address it connects to
 * (guardedConnector: every address the name resolves to, at connect time, so DNS rebinding after
 * the endpoint was saved gets nowhere); a refused one fails its requests as unreachable (502
 * 101503). Requests on connections already open pay nothing for it.
 */
export function createUndiciForwarder(options: UndiciForwarderOptions = {}): Forwarder & { close: () => Promise<void> } {
  const pools = new Map<string, Pool>();
  const allowPrivate = options.allowPrivateEndpoints ?? config().allowPrivateEndpoints;
  const connect = allowPrivate ? undefined : guardedConnector({ lookup: options.lookup });
  const poolFor = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: options.connectionsPerOrigin ?? 256, keepAliveTimeout: 30_000, pipelining: 1, connect });
      pools.set(origin, pool);
    }
    return pool;
  };

  // `dispatch` with a relay rather than `request`: no Readable stream per answer, nor a pipe to the client.
  const forward: Forwarder = ({ url, method, headers, body, timeoutMs }) => {
    const { origin, path } = splitUrl(url);
    const relay = new BackendRelay(method === "HEAD");
    try {
      poolFor(origin).dispatch(
        {
          path,
          method: method as "GET",
          headers,
          // undici streams a Node stream or any async iterable (a web stream is one) as it is.
          body: body as Readable | null,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        relay,
      );
    } catch (error) {
      return Promise.reject(toForwardError(error));
    }
    return relay.response;
  };

  return Object.assign(forward, {
    close: async () => {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      pools.clear();
    },
  });
}

/**
 * Origin and path of a backend URL without a URL object per call. The usual URL (an endpoint the
 * control plane validated, plus the path Node's parser accepted) splits as it is; anything unusual
 * (credentials, characters that need encoding) goes through the URL parser as before.
 */
export function splitUrl(url: string): { origin: string; path: string } {
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  const origin = slash === -1 ? url : url.slice(0, slash);
  const path = slash === -1 ? "/" : url.slice(slash);
  if (origin.includes("@") || origin.includes("?") || origin.includes("#") || /[^\x21-\x7e]/.test(path)) {
    const parsed = new URL(url);
    return { origin: parsed.origin, path: parsed.pathname + parsed.search };
  }
  return { origin, path };
}
