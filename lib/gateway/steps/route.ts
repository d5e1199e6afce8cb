import { gatewayError } from "../errors";
import { ForwardError, type GatewayContext, type Step } from "../context";

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
const NOT_FORWARDED = new Set(["host", "authorization", "apikey", "x-portcullis-client-ip", "content-length"]);

/** Production or sandbox endpoint by the token's key type; the body streams both ways. */
export const route: Step = async (ctx, deps) => {
  const api = ctx.api!;
  const caller = ctx.caller!;
  const keyType = caller.keyType ?? (api.endpoints.PRODUCTION ? "PRODUCTION" : "SANDBOX");
  const endpoint = api.endpoints[keyType];
  if (!endpoint) return gatewayError("backendUnreachable", `${api.name} ${api.version} has no endpoint configured.`);

  const headers = forwardHeaders(ctx, deps.forwardedForIncludesClient ?? false);
  if (api.sendBackendJwt && deps.signBackendJwt && caller.claims) {
    headers.set("x-jwt-assertion", await deps.signBackendJwt(backendClaims(ctx)));
  }
  const method = ctx.request.method.toUpperCase();
  const started = performance.now();
  try {
    const response = await deps.forward({
      url: endpoint.url + (ctx.resourcePath === "/" ? "" : ctx.resourcePath) + ctx.url.search,
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? null : ctx.request.body,
      timeoutMs: endpoint.timeoutMs,
    });
    ctx.backendLatencyMs = performance.now() - started;
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: responseHeaders(response.headers) });
  } catch (error) {
    ctx.backendLatencyMs = performance.now() - started;
    if (error instanceof ForwardError && error.kind === "timeout") {
      return gatewayError("backendTimeout", `The backend did not answer within ${endpoint.timeoutMs} ms.`);
    }
    return gatewayError("backendUnreachable", `Could not reach the backend of ${api.name} ${api.version}.`);
  }
};

function forwardHeaders(ctx: GatewayContext, forwardedForIncludesClient: boolean): Headers {
  const incoming = ctx.request.headers;
  const listed = new Set((incoming.get("connection") ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean));
  const headers = new Headers();
  incoming.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && !NOT_FORWARDED.has(name) && !listed.has(name)) headers.set(name, value);
  });
  const length = incoming.get("content-length");
  if (length) headers.set("content-length", length);
  const forwardedFor = incoming.get("x-forwarded-for");
  headers.set("x-forwarded-for", !forwardedFor ? ctx.clientIp : forwardedForIncludesClient ? forwardedFor : `${forwardedFor}, ${ctx.clientIp}`);
  headers.set("x-forwarded-host", incoming.get("host") ?? ctx.url.host);
  headers.set("x-forwarded-proto", ctx.url.protocol.replace(":", ""));
  return headers;
}

function responseHeaders(incoming: Headers): Headers {
  const listed = new Set((incoming.get("connection") ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean));
  const headers = new Headers();
  incoming.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && !listed.has(name) && name !== "set-cookie") headers.set(name, value);
  });
  for (const cookie of incoming.getSetCookie()) headers.append("set-cookie", cookie);
  return headers;
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
