import { Readable } from "node:stream";
import { errors, Pool } from "undici";
import { ForwardError, type Forwarder } from "../context";

/** Keep-alive connection pools, one per backend origin, shared by every request of this process. */
export function createUndiciForwarder(options: { connectionsPerOrigin?: number } = {}): Forwarder & { close: () => Promise<void> } {
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: options.connectionsPerOrigin ?? 256, keepAliveTimeout: 30_000, pipelining: 1 });
      pools.set(origin, pool);
    }
    return pool;
  };

  const forward: Forwarder = async ({ url, method, headers, body, timeoutMs }) => {
    const target = new URL(url);
    const flat: Record<string, string> = {};
    headers.forEach((value, name) => (flat[name] = value));
    try {
      const response = await poolFor(target.origin).request({
        path: target.pathname + target.search,
        method: method as "GET",
        headers: flat,
        body: body ? Readable.fromWeb(body as import("node:stream/web").ReadableStream) : null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
        else responseHeaders.set(name, value);
      }
      const empty = method === "HEAD" || response.statusCode === 204 || response.statusCode === 304;
      if (empty) response.body.resume();
      return new Response(empty ? null : (Readable.toWeb(response.body) as ReadableStream<Uint8Array>), {
        status: response.statusCode,
        headers: responseHeaders,
      });
    } catch (error) {
      throw toForwardError(error);
    }
  };

  return Object.assign(forward, {
    close: async () => {
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      pools.clear();
    },
  });
}

function toForwardError(error: unknown): ForwardError {
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return new ForwardError("timeout", (error as Error).message);
  }
  return new ForwardError("unreachable", error instanceof Error ? error.message : String(error));
}
