import { applyCors, preflight } from "./cors";
import type { GatewayContext, GatewayDeps } from "./context";
import { errorCodeOf, gatewayError } from "./errors";
import { createAuthenticate } from "./steps/authenticate";
import { authorize } from "./steps/authorize";
import { match, matchResource } from "./steps/match";
import { route } from "./steps/route";
import { throttle } from "./steps/throttle";

export type GatewayHandler = (request: Request) => Promise<Response>;

/**
 * The data plane as one Fetch-API handler, mounted three ways (DESIGN "The gateway's three mounts").
 * A pipeline of named steps in WSO2's order: match, CORS preflight, resource, authenticate,
 * authorize, throttle, route; then headers and a usage record. A step that answers ends the request.
 */
export function createGatewayHandler(deps: GatewayDeps): GatewayHandler {
  const authenticate = createAuthenticate();
  const clientIp = deps.clientIp ?? ((request: Request) => request.headers.get("x-portcullis-client-ip") || "unknown");

  return async (request) => {
    const ctx: GatewayContext = {
      request,
      url: new URL(request.url),
      started: performance.now(),
      clientIp: clientIp(request),
      snapshot: deps.snapshot(),
    };
    let response: Response;
    try {
      response =
        (await match(ctx, deps)) ??
        preflight(ctx, deps.trustedOrigins) ??
        (await matchResource(ctx, deps)) ??
        (await authenticate(ctx, deps)) ??
        (await authorize(ctx, deps)) ??
        (await throttle(ctx, deps)) ??
        (await route(ctx, deps))!;
    } catch (error) {
      console.error("[gateway] pipeline error:", error);
      response = gatewayError("backendUnreachable", "The gateway could not process the request.");
    }
    decorate(ctx, response, deps);
    deps.record?.(usageRecord(ctx, response, deps));
    return response;
  };
}

function decorate(ctx: GatewayContext, response: Response, deps: GatewayDeps): void {
  const headers = response.headers;
  const limit = ctx.tightestLimit;
  if (limit) {
    headers.set("x-ratelimit-limit", String(limit.limit));
    headers.set("x-ratelimit-remaining", String(limit.remaining));
    headers.set("x-ratelimit-reset", String(Math.ceil(limit.reset / 1000)));
  }
  if (ctx.api) applyCors(ctx, headers, deps.trustedOrigins);
}

function usageRecord(ctx: GatewayContext, response: Response, deps: GatewayDeps) {
  const caller = ctx.caller;
  return {
    at: new Date(),
    apiId: ctx.api?.id ?? null,
    apiName: ctx.api?.name ?? null,
    apiVersion: ctx.api?.version ?? null,
    context: ctx.api?.context ?? null,
    resource: ctx.resource ? `${ctx.resource.method} ${ctx.resource.target}` : null,
    method: ctx.request.method,
    applicationId: caller?.applicationId ?? null,
    userId: caller?.subject ?? null,
    keyType: caller?.keyType ?? null,
    status: response.status,
    errorCode: errorCodeOf(response),
    latencyMs: performance.now() - ctx.started,
    backendLatencyMs: ctx.backendLatencyMs ?? null,
    bytesIn: Number(ctx.request.headers.get("content-length") ?? 0) || 0,
    bytesOut: Number(response.headers.get("content-length") ?? 0) || 0,
    clientIp: ctx.clientIp,
    gatewayId: deps.gatewayId,
  };
}
