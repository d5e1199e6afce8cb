/*
 * The gateway's map. A request's path, in this file's order:
 *   steps/match.ts        which API: context, version, the caller's URL canonicalized (canonical-path.ts)
 *   cors.ts               a CORS preflight is answered here
 *   steps/match.ts        which resource: `matchResource`, the URI template and verb (uri-template.ts)
 *   steps/authenticate.ts OAuth2 JWT, API key or none; token-cache.ts, steps/unknown-kids.ts
 *   steps/authorize.ts    the user not disabled, an active subscription, the resource's scopes
 *   steps/throttle.ts     blocking conditions, then every limit that applies
 *   steps/route.ts        the backend call through the mount's forwarder
 * then headers (CORS, trace) and a usage record. Everything a step reads is the snapshot
 * (snapshot/: built from the database by build.ts, held by store.ts, shared with the Edge by
 * publisher.ts and shared-snapshot.ts).
 *
 * Where each mount starts:
 *   (a) embedded, in `npm start`: server/start.ts -> server/gateway-runtime.ts `startEmbeddedGateway`
 *       -> embedded/worker-host.ts (main thread: control-plane link) and server/gateway-worker.ts
 *       -> embedded/worker-data-plane.ts (worker thread: pipeline and listener), talking through
 *       embedded/worker-protocol.ts.
 *   (b) standalone, `npm run gateway`: server/gateway.ts -> server/gateway-runtime.ts `startGateway`
 *       -> standalone/standalone-gateway.ts (link and pipeline on one thread; the tests use it too).
 *   (c) Edge, under /gw: middleware.ts -> edge/index.ts, forwarding through fetch-forwarder.ts.
 * Both Node mounts share node/: node-listener.ts (the node:http listener), node-handler.ts (this
 * pipeline with undici-forwarder.ts and backend-relay.ts), and control-plane-link.ts (the snapshot
 * kept current from the database and change events, usage through usage-recorder.ts and, from the
 * Edge, usage-drain.ts).
 */
import { logger } from "@/lib/observability/log-core";
import { requestIdOf, traceContextOf } from "@/lib/observability/trace-context";
import { applyCors, preflight } from "./cors";
import type { GatewayContext, GatewayDeps, GatewayReply, GatewayRequest, OutgoingHeaders, Step, UsageRecord } from "./context";
import { gatewayError } from "./errors";
import { fromRequest, toResponse } from "./fetch-conversions";
import { createAuthenticate } from "./steps/authenticate";
import { authorize } from "./steps/authorize";
import { match, matchResource } from "./steps/match";
import { route } from "./steps/route";
import { throttle } from "./steps/throttle";

const log = logger("gateway");

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
    const { headers } = request;
    let ctx: GatewayContext = {
      request,
      started: performance.now(),
      snapshot: deps.snapshot(),
      requestId: requestIdOf(headers.get("x-request-id")),
      trace: traceContextOf(headers.get("traceparent"), deps.sampleNewTraces ?? false),
    };
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
        ctx = { request, started: ctx.started, snapshot: deps.snapshot(), requestId: ctx.requestId, trace: ctx.trace };
        reply = undefined;
        for (let i = 0; i < steps.length && !reply; i++) reply = await steps[i](ctx, deps);
      }
    } catch (error) {
      log.error({ err: error, requestId: ctx.requestId, traceId: ctx.trace.traceId }, "pipeline error");
      reply = gatewayError("backendUnreachable", "The gateway could not process the request.");
    }
    // route always answers.
    const answered = reply!;
    decorate(ctx, answered.headers, deps);
    if (deps.record || deps.observe) {
      const record = usageRecord(ctx, answered, deps);
      deps.record?.(record);
      deps.observe?.(ctx, answered, record);
    }
    if (answered.status >= 500 || answered.errorCode) logAnswer(ctx, answered);
    return answered;
  };

  const handler = async (request: Request) => toResponse(await pipeline(fromRequest(request, clientIp(request))));
  return Object.assign(handler, { pipeline });
}

/** A 5xx (the gateway's or the backend's) at warn, the gateway's other refusals at debug, each with its request id. */
function logAnswer(ctx: GatewayContext, reply: GatewayReply): void {
  const fields = {
    requestId: ctx.requestId,
    traceId: ctx.trace.traceId,
    api: ctx.api?.name,
    version: ctx.api?.version,
    method: ctx.request.method,
    status: reply.status,
    code: reply.errorCode ?? undefined,
  };
  if (reply.status >= 500) log.warn(fields, reply.errorCode ? "gateway error" : "backend answered with a server error");
  else log.debug(fields, "gateway refused the call");
}

function decorate(ctx: GatewayContext, headers: OutgoingHeaders, deps: GatewayDeps): void {
  headers["x-request-id"] = ctx.requestId;
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
