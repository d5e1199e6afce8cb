import http from "node:http";
import { Readable } from "node:stream";
import { CLIENT_ADDRESS_HEADER, INTERNAL_TOKEN_HEADER, canonicalAddress, clientAddressOf, sameSecret, type TrustedProxies } from "@/lib/http/client-address";
import type { GatewayReply, GatewayRequest, HeaderReader } from "./context";
import type { GatewayHandler } from "./handler";
import { BackendRelay } from "./node/backend-relay";

/**
 * Serves the gateway pipeline on a bare node:http server (mounts (a) and (b)), without the Next
 * request pipeline in front of it. The pipeline reads Node's own header object and request stream,
 * and a backend's body goes to the socket as undici hands it over (BackendRelay): no Fetch Request,
 * Response or stream per call, which cost more CPU than the proxying itself.
 */
export function createGatewayServer(handler: GatewayHandler, addressing: ListenerAddressing = {}): http.Server {
  const server = http.createServer({ keepAlive: true, requestTimeout: 0 }, async (req, res) => {
    try {
      writeReply(await handler.pipeline(gatewayRequest(req, addressing)), res);
    } catch (error) {
      console.error("[gateway] unhandled error:", error);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "500", message: "Internal Server Error", description: "The gateway failed to handle the request." }));
      } else {
        res.destroy();
      }
    }
  });
  server.keepAliveTimeout = 65_000;
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
