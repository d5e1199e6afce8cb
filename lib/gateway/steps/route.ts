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
/** Request headers that never reach the backend: hop-by-hop, the caller's credentials, and what the gateway sets itself. */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, "host", "authorization", "apikey", "x-portcullis-client-ip", "x-portcullis-internal-token", "content-length"]);

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
      url: endpoint.url + (ctx.resourcePath === "/" ? "" : ctx.resourcePath) + request.search,
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
    if (!NOT_FORWARDED.has(name) && !listed?.has(name)) headers[name] = value;
  });
  // Only with the body it describes: a GET or HEAD goes on without one, whatever the caller sent.
  const length = incoming.get("content-length");
  if (length && request.body) headers["content-length"] = length;
  const forwardedFor = incoming.get("x-forwarded-for");
  const clientIp = request.clientIp;
  headers["x-forwarded-for"] = !forwardedFor ? clientIp : forwardedForIncludesClient ? forwardedFor : `${forwardedFor}, ${clientIp}`;
  headers["x-forwarded-host"] = incoming.get("host") ?? request.host;
  headers["x-forwarded-proto"] = request.protocol;
  return headers;
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
