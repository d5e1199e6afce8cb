import { applyCors, preflight } from "./cors";
import type { GatewayContext, GatewayDeps, GatewayReply, GatewayRequest, OutgoingHeaders, Step, UsageRecord } from "./context";
import { gatewayError } from "./errors";
import { fromRequest, toResponse } from "./fetch-conversions";
import { createAuthenticate } from "./steps/authenticate";
import { authorize } from "./steps/authorize";
import { match, matchResource } from "./steps/match";
import { route } from "./steps/route";
import { throttle } from "./steps/throttle";

/** The pipeline over the mount-neutral request and reply; the node:http listener calls it directly. */
export type GatewayPipeline = (request: GatewayRequest) => Promise<GatewayReply>;

/** The pipeline as a Fetch-API handler (the Edge mount, tests), with the pipeline itself for the Node listener. */
export type GatewayHandler = ((request: Request) => Promise<Response>) & { pipeline: GatewayPipeline };

/**
 * The data plane, mounted three ways (DESIGN "The gateway's three mounts"). A pipeline of named
 * steps in WSO2's order: match, CORS preflight, resource, authenticate, authorize, throttle, route;
 * then headers and a usage record. A step that answers ends the request.
 */
export function createGatewayHandler(deps: GatewayDeps): GatewayHandler {
  const clientIp = deps.clientIp ?? ((request: Request) => request.headers.get("x-portcullis-client-ip") || "unknown");
  const steps: Step[] = [match, (ctx) => preflight(ctx, deps.trustedOrigins), matchResource, createAuthenticate(), authorize, throttle, route];

  const pipeline: GatewayPipeline = async (request) => {
    let ctx: GatewayContext = { request, started: performance.now(), snapshot: deps.snapshot() };
    let reply: GatewayReply | void = undefined;
    try {
      // A step that answers at once is not awaited: a turn of the microtask queue per step adds up.
      for (let i = 0; i < steps.length && !reply; i++) {
        const answer = steps[i](ctx, deps);
        reply = answer instanceof Promise ? await answer : answer;
      }
      // Refused on the snapshot's word: once this gateway holds every change committed before now,
      // run the call again (once) if its snapshot changed (SPEC "Consistency: read your own writes").
      if (ctx.refusedOnSnapshot && deps.catchUp && (await deps.catchUp(ctx.credentialVersion)) > ctx.snapshot.changeVersion) {
        ctx = { request, started: ctx.started, snapshot: deps.snapshot() };
        reply = undefined;
        for (let i = 0; i < steps.length && !reply; i++) reply = await steps[i](ctx, deps);
      }
    } catch (error) {
      console.error("[gateway] pipeline error:", error);
      reply = gatewayError("backendUnreachable", "The gateway could not process the request.");
    }
    // route always answers.
    const answered = reply!;
    decorate(ctx, answered.headers, deps);
    deps.record?.(usageRecord(ctx, answered, deps));
    return answered;
  };

  const handler = async (request: Request) => toResponse(await pipeline(fromRequest(request, clientIp(request))));
  return Object.assign(handler, { pipeline });
}

function decorate(ctx: GatewayContext, headers: OutgoingHeaders, deps: GatewayDeps): void {
  const limit = ctx.tightestLimit;
  if (limit) {
    headers["x-ratelimit-limit"] = String(limit.limit);
    headers["x-ratelimit-remaining"] = String(limit.remaining);
    headers["x-ratelimit-reset"] = String(Math.ceil(limit.reset / 1000));
  }
  if (ctx.api) applyCors(ctx, headers, deps.trustedOrigins);
}

function usageRecord(ctx: GatewayContext, reply: GatewayReply, deps: GatewayDeps): UsageRecord {
  const { caller, api, request } = ctx;
  return {
    calls: 1,
    at: new Date(),
    apiId: api?.id ?? null,
    apiName: api?.name ?? null,
    apiVersion: api?.version ?? null,
    context: api?.context ?? null,
    resource: ctx.resource ? `${ctx.resource.method} ${ctx.resource.target}` : null,
    method: request.method,
    applicationId: caller?.applicationId ?? null,
    userId: caller?.subject ?? null,
    keyType: caller?.keyType ?? null,
    status: reply.status,
    errorCode: reply.errorCode,
    latencyMs: performance.now() - ctx.started,
    backendLatencyMs: ctx.backendLatencyMs ?? null,
    bytesIn: Number(request.headers.get("content-length") ?? 0) || 0,
    bytesOut: Number(reply.headers["content-length"] ?? 0) || 0,
    clientIp: request.clientIp,
    gatewayId: deps.gatewayId,
  };
}
