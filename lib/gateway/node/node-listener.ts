import http from "node:http";
import { Readable } from "node:stream";
import { CLIENT_ADDRESS_HEADER, INTERNAL_TOKEN_HEADER, canonicalAddress, clientAddressOf, sameSecret, type TrustedProxies } from "@/lib/http/client-address";
import type { GatewayReply, GatewayRequest, HeaderReader } from "../context";
import type { GatewayHandler } from "../handler";
import { BackendRelay } from "./backend-relay";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

/**
 * How long a client may hold the listener, after nginx (client_header_timeout, keepalive_timeout,
 * worker_connections). A slow or stalled client must not keep a connection, or all of them, forever.
 */
export type ListenerLimits = {
  /** The whole header section must arrive within this, from the request's first byte; else 408 and the connection closes. */
  headersTimeoutMs: number;
  /**
   * The whole request, body included, must arrive within this (0: no limit). A bound on the total
   * rather than between reads: Node counts it without a timer per request, and it also bounds a
   * body trickled a byte at a time, which a between-reads timeout lets run forever.
   */
  requestTimeoutMs: number;
  /** An idle keep-alive connection closes after this; above the 60 s idle timeout of common load balancers in front. */
  keepAliveTimeoutMs: number;
  /** Connections beyond this many at once are closed as they arrive (0: no limit). */
  maxConnections: number;
};

export const DEFAULT_LISTENER_LIMITS: ListenerLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 10_000,
};

/** The header section's size limit (Node's default, stated so that it is one): a larger one is answered 431. */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * Serves the gateway pipeline on a bare node:http server (mounts (a) and (b)), without the Next
 * request pipeline in front of it. The pipeline reads Node's own header object and request stream,
 * and a backend's body goes to the socket as undici hands it over (BackendRelay): no Fetch Request,
 * Response or stream per call, which cost more CPU than the proxying itself.
 */
export function createGatewayServer(handler: GatewayHandler, limits: Partial<ListenerLimits> = {}, addressing: ListenerAddressing = {}): http.Server {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxConnections } = { ...DEFAULT_LISTENER_LIMITS, ...limits };
  const server = http.createServer(
    {
      keepAlive: true,
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node looks for expired requests this often (default 30 s, which would stretch a 20 s header timeout to 50 s).
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeoutMs / 4))),
      maxHeaderSize: MAX_HEADER_BYTES,
    },
    async (req, res) => {
      try {
        writeReply(await handler.pipeline(gatewayRequest(req, addressing)), res);
      } catch (error) {
        log.error({ err: error }, "unhandled error");
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ code: "500", message: "Internal Server Error", description: "The gateway failed to handle the request." }));
        } else {
          res.destroy();
        }
      }
    },
  );
  server.keepAliveTimeout = keepAliveTimeoutMs;
  if (maxConnections > 0) server.maxConnections = maxConnections;
  return server;
}

/**
 * `internalToken`: the portal's /gw rewrite passes the caller's address in CLIENT_ADDRESS_HEADER
 * with this token; without it (or with a wrong one) that header has no effect.
 * `trustedProxies`: TRUSTED_PROXIES, for a listener behind proxies of its own.
 */
export type ListenerAddressing = { internalToken?: string; trustedProxies?: TrustedProxies };

function gatewayRequest(req: http.IncomingMessage, addressing: ListenerAddressing): GatewayRequest {
  const target = req.url ?? "/";
  const query = target.indexOf("?");
  const method = req.method ?? "GET";
  return {
    method,
    pathname: query === -1 ? target : target.slice(0, query),
    search: query === -1 ? "" : target.slice(query),
    host: req.headers.host ?? "localhost",
    protocol: "http",
    headers: new NodeHeaders(req.headers),
    body: method === "GET" || method === "HEAD" ? null : req,
    clientIp: listenerClientIp(req, addressing),
  };
}

/** The socket's address (through trusted proxies), or the portal's word for it when it proves itself. */
function listenerClientIp(req: http.IncomingMessage, { internalToken, trustedProxies }: ListenerAddressing): string {
  const token = req.headers[INTERNAL_TOKEN_HEADER];
  if (internalToken && token !== undefined && sameSecret(joined(token), internalToken)) {
    const passed = canonicalAddress(joined(req.headers[CLIENT_ADDRESS_HEADER]));
    if (passed) return passed;
  }
  if (!trustedProxies?.length) return req.socket.remoteAddress ?? "";
  return clientAddressOf({ peer: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"] }, trustedProxies);
}

/** Node has lower-cased the names already; a repeated header is a list, which reads as one value. A class, so a call allocates one object, not two closures. */
class NodeHeaders implements HeaderReader {
  constructor(private readonly headers: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    return joined(this.headers[name]);
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.headers) {
      const value = joined(this.headers[name]);
      if (value !== null) callback(value, name);
    }
  }
}

function joined(value: string | string[] | undefined): string | null {
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

function writeReply(reply: GatewayReply, res: http.ServerResponse): void {
  if (reply.statusText) res.writeHead(reply.status, reply.statusText, reply.headers);
  else res.writeHead(reply.status, reply.headers);
  const { body } = reply;
  if (body === null || typeof body === "string") {
    res.end(body ?? undefined);
    return;
  }
  if (body instanceof BackendRelay) {
    body.relayTo(res);
    return;
  }
  const source = body instanceof Readable ? body : Readable.from(body as AsyncIterable<Uint8Array>, { objectMode: false });
  // A client that goes away mid-body tears down the backend's stream too, and the reverse. By hand
  // rather than with stream.pipeline, which builds and fires an AbortSignal (and a DOMException) per call.
  source.once("error", () => res.destroy());
  res.once("close", () => {
    if (!source.readableEnded) source.destroy();
  });
  source.pipe(res);
}
