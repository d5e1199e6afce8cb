import { traceparentOf } from "@/lib/observability/trace-context";
import { gatewayError } from "../errors";
import { ForwardError, type GatewayContext, type OutgoingHeaders, type Step } from "../context";

/** Hop-by-hop headers (RFC 9110 §7.6.1) never cross the proxy; neither do the caller's credentials. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);
/**
 * Request headers that never reach the backend: hop-by-hop, the caller's credentials, and what the
 * gateway asserts itself. A caller's own X-JWT-Assertion would pass for the gateway's on an API that
 * does not sign one; `x-portcullis-*` (the mounts' own headers) are dropped by prefix in forwardHeaders.
 */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, "host", "authorization", "apikey", "x-jwt-assertion", "content-length"]);
const GATEWAY_PREFIX = "x-portcullis-";

/** Production or sandbox endpoint by the token's key type; the body streams both ways. */
export const route: Step = async (ctx, deps) => {
  const api = ctx.api!;
  const caller = ctx.caller!;
  const keyType = caller.keyType ?? (api.endpoints.PRODUCTION ? "PRODUCTION" : "SANDBOX");
  const endpoint = api.endpoints[keyType];
  if (!endpoint) return gatewayError("backendUnreachable", `${api.name} ${api.version} has no endpoint configured.`);

  const headers = forwardHeaders(ctx, deps.forwardedForIncludesClient ?? false);
  if (api.sendBackendJwt && deps.signBackendJwt && caller.claims) {
    headers["x-jwt-assertion"] = await deps.signBackendJwt(backendClaims(ctx));
  }
  const { request } = ctx;
  const method = request.method.toUpperCase();
  const started = performance.now();
  try {
    const response = await deps.forward({
      url: backendUrl(endpoint.url, ctx.resourcePath!) + request.search,
      method,
      headers,
      // Null for GET and HEAD already: each mount's adapter leaves their bodies behind.
      body: request.body,
      timeoutMs: endpoint.timeoutMs,
    });
    ctx.backendLatencyMs = performance.now() - started;
    return { ...response, headers: responseHeaders(response.headers), errorCode: null };
  } catch (error) {
    ctx.backendLatencyMs = performance.now() - started;
    if (error instanceof ForwardError && error.kind === "timeout") {
      return gatewayError("backendTimeout", `The backend did not answer within ${endpoint.timeoutMs} ms.`);
    }
    return gatewayError("backendUnreachable", `Could not reach the backend of ${api.name} ${api.version}.`);
  }
};

function forwardHeaders(ctx: GatewayContext, forwardedForIncludesClient: boolean): Record<string, string> {
  const { request } = ctx;
  const incoming = request.headers;
  const listed = connectionListed(incoming.get("connection"));
  const headers: Record<string, string> = {};
  incoming.forEach((value, name) => {
    if (!NOT_FORWARDED.has(name) && !listed?.has(name) && !name.startsWith(GATEWAY_PREFIX)) headers[name] = value;
  });
  // Only with the body it describes: a GET or HEAD goes on without one, whatever the caller sent.
  const length = incoming.get("content-length");
  if (length && request.body) headers["content-length"] = length;
  const forwardedFor = incoming.get("x-forwarded-for");
  const clientIp = request.clientIp;
  headers["x-forwarded-for"] = !forwardedFor ? clientIp : forwardedForIncludesClient ? forwardedFor : `${forwardedFor}, ${clientIp}`;
  headers["x-forwarded-host"] = incoming.get("host") ?? request.host;
  headers["x-forwarded-proto"] = request.protocol;
  // The gateway's hop of the trace and the call's request id; a caller's tracestate only with its own valid traceparent.
  headers["x-request-id"] = ctx.requestId;
  headers.traceparent = traceparentOf(ctx.trace);
  if (!ctx.trace.parentSpanId) delete headers.tracestate;
  return headers;
}

/** The endpoint's URL and the canonical resource path, joined without adding a slash: exactly the path the gateway matched. */
function backendUrl(endpoint: string, resourcePath: string): string {
  if (resourcePath === "/") return endpoint;
  return endpoint.charCodeAt(endpoint.length - 1) === 0x2f ? endpoint + resourcePath.slice(1) : endpoint + resourcePath;
}

function responseHeaders(incoming: OutgoingHeaders): OutgoingHeaders {
  const connection = incoming.connection;
  const listed = connectionListed(Array.isArray(connection) ? connection.join(",") : connection);
  const headers: OutgoingHeaders = {};
  for (const name in incoming) {
    if (!HOP_BY_HOP.has(name) && !listed?.has(name)) headers[name] = incoming[name];
  }
  return headers;
}

/** Headers the Connection header names are hop-by-hop too; null (the usual case) when it names none. */
function connectionListed(connection: string | null | undefined): Set<string> | null {
  // What nearly every client and backend sends, answered without splitting it.
  if (!connection || connection === "keep-alive" || connection === "close") return null;
  const names = connection.split(",").map((h) => h.trim().toLowerCase()).filter((h) => h && h !== "keep-alive" && h !== "close");
  return names.length ? new Set(names) : null;
}

/** The end user's claims for X-JWT-Assertion, in WSO2's claim dialect. */
function backendClaims(ctx: GatewayContext): Record<string, unknown> {
  const caller = ctx.caller!;
  const api = ctx.api!;
  return {
    sub: caller.subject,
    "http://wso2.org/claims/applicationid": caller.applicationId,
    "http://wso2.org/claims/apicontext": api.context,
    "http://wso2.org/claims/version": api.version,
    "http://wso2.org/claims/keytype": caller.keyType,
    "http://wso2.org/claims/usertype": caller.tokenUse,
    "http://wso2.org/claims/enduser": caller.subject,
    scope: caller.scopes.join(" "),
  };
}
