import { reportLimiterFailure, reportLimiterSuccess } from "@/lib/throttling/failures";
import type { LimitResult, Limiter, Window } from "@/lib/throttling/limiter";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import { cidrContains, parseCidr, parseIp } from "@/lib/net/ip";
import { gatewayError, type GatewayError } from "../errors";
import { refusedOnSnapshot, type GatewayContext, type GatewayDeps, type GatewayReply, type Step } from "../context";
import { subscriptionKey, type BlockingRule } from "../snapshot/types";
import { perCallerAndResource } from "./per-caller";

type Level = { error: GatewayError; key: string; window: Window | null | undefined };

/**
 * Blocking conditions first, then every limit that applies (SPEC "Throttling", WSO2's order): the API
 * tier (which replaces resource tiers when set) or the resource tier, the subscription tier, the
 * application tier per end user; None-auth resources per client IP against the Unauthenticated
 * subscription tier. The first to run out answers 429. With the in-memory limiter, whose answers are
 * not promises, the step runs to the end without waiting a turn; a shared limiter's are awaited.
 */
export const throttle: Step = (ctx, deps) => {
  const blocked = ctx.snapshot.blocking.find((rule) => blocks(rule, ctx));
  if (blocked) return refusedOnSnapshot(ctx, gatewayError("blocked", `You have been blocked from accessing this resource (${blocked.type} condition).`));
  return countFrom(ctx, deps, ctx.caller!.jti === null ? anonymousLevels(ctx) : callerLevels(ctx), 0);
};

/** Counts the call at each level from `from` on; goes on after a shared limiter's answer arrives. */
function countFrom(ctx: GatewayContext, deps: GatewayDeps, list: Level[], from: number): GatewayReply | void | Promise<GatewayReply | void> {
  for (let i = from; i < list.length; i++) {
    const level = list[i];
    if (!level.window) continue;
    let result: LimitResult | Promise<LimitResult>;
    try {
      result = deps.limiter.limit(level.key, level.window);
    } catch (error) {
      const reply = failed(ctx, deps, level, error);
      if (reply) return reply;
      continue;
    }
    if (result instanceof Promise) {
      return result.then(
        (answer) => counted(ctx, level, answer) ?? countFrom(ctx, deps, list, i + 1),
        (error: unknown) => failed(ctx, deps, level, error) ?? countFrom(ctx, deps, list, i + 1),
      );
    }
    const reply = counted(ctx, level, result);
    if (reply) return reply;
  }
}

/** A level's answer: 429 when it ran out; otherwise kept when it is the closest to running out. */
function counted(ctx: GatewayContext, level: Level, result: LimitResult): GatewayReply | undefined {
  reportLimiterSuccess();
  return tally(ctx, level, result);
}

function tally(ctx: GatewayContext, level: Level, result: LimitResult): GatewayReply | undefined {
  if (!result.success) return throttled(ctx, level.error, result);
  // The level with the fewest calls left runs out first, whatever its size.
  const tightest = ctx.tightestLimit;
  if (!tightest || result.remaining < tightest.remaining || (result.remaining === tightest.remaining && result.limit < tightest.limit)) {
    ctx.tightestLimit = result;
  }
}

/**
 * The limiter could not answer: counted and logged at most every few seconds. Failing closed, the
 * call is refused; failing open, it is counted in this gateway's own memory instead (the same
 * algorithm, so at most the tier's limit per window in this process; see `ownCount`).
 */
function failed(ctx: GatewayContext, deps: GatewayDeps, level: Level, error: unknown): GatewayReply | undefined {
  reportLimiterFailure(error, deps.limiterFailureMode);
  if (deps.limiterFailureMode === "closed") {
    return throttled(ctx, level.error, { success: false, limit: level.window!.limit, remaining: 0, reset: Date.now() + 1000 });
  }
  return tally(ctx, level, ownCount(deps.limiter).limit(level.key, level.window!));
}

/**
 * Each shared limiter's stand-in while it fails, one per gateway (a runtime, a worker thread, an
 * Edge isolate). Its counts start from nothing and are dropped when the store is back: a window that
 * spans the start or the end of an outage may see the shared limit and this gateway's own on top.
 */
const ownCounts = new WeakMap<Limiter, MemoryLimiter>();

function ownCount(shared: Limiter): MemoryLimiter {
  let own = ownCounts.get(shared);
  if (!own) ownCounts.set(shared, (own = new MemoryLimiter()));
  return own;
}

/** The API tier's level, or the resource tier's when the API has none (an API tier replaces resource tiers). */
function apiLevel(ctx: GatewayContext): Level {
  const api = ctx.api!;
  const resource = ctx.resource!;
  const policies = ctx.snapshot.policies;
  return api.apiThrottlingTier
    ? { error: "apiThrottled", key: `api:${api.context}:${api.version}`, window: policies.get(`API:${api.apiThrottlingTier}`) }
    : {
        error: "resourceThrottled",
        key: `resource:${api.context}:${api.version}:${resource.method}:${resource.target}`,
        window: policies.get(`API:${resource.throttlingTier}`),
      };
}

/** No token: None-auth resources count per client IP, as in WSO2 at the subscription level (900804). */
function anonymousLevels(ctx: GatewayContext): Level[] {
  const list = [apiLevel(ctx)];
  if (ctx.resource!.authType === "None") {
    const api = ctx.api!;
    list.push({
      error: "subscriptionThrottled",
      key: `unauthenticated:${api.context}:${api.version}:${ctx.request.clientIp}`,
      window: ctx.snapshot.policies.get("UNAUTHENTICATED:Unauthenticated"),
    });
  }
  return list;
}

/** An application's caller: the API or resource tier, its subscription's tier and its application's tier for this end user. */
const callerLevels = perCallerAndResource((ctx: GatewayContext): Level[] => {
  const api = ctx.api!;
  const caller = ctx.caller!;
  const { policies } = ctx.snapshot;
  const list = [apiLevel(ctx)];
  const applicationId = caller.applicationId!;
  const subscription = ctx.snapshot.subscriptions.get(subscriptionKey(applicationId, api.id));
  if (subscription) {
    list.push({
      error: "subscriptionThrottled",
      key: `subscription:${applicationId}:${api.id}:${subscription.tier}`,
      window: policies.get(`SUBSCRIPTION:${subscription.tier}`),
    });
  }
  const application = ctx.snapshot.applications.get(applicationId);
  if (application) {
    list.push({
      error: "applicationThrottled",
      key: `application:${applicationId}:${caller.subject}`,
      window: policies.get(`APPLICATION:${application.tier}`),
    });
  }
  return list;
});

function blocks(rule: BlockingRule, ctx: GatewayContext): boolean {
  switch (rule.type) {
    case "API":
      return rule.context === ctx.api!.context || rule.context === `${ctx.api!.context}/${ctx.api!.version}`;
    case "APPLICATION":
      return rule.applicationId === ctx.caller!.applicationId;
    case "USER":
      return ctx.caller!.subject !== null && rule.user === ctx.caller!.subject.toLowerCase();
    case "IP": {
      const ip = parseIp(ctx.request.clientIp);
      const target = parseIp(rule.address);
      return !!ip && !!target && ip.version === target.version && ip.value === target.value;
    }
    case "IP_RANGE": {
      const ip = parseIp(ctx.request.clientIp);
      const cidr = parseCidr(rule.cidr);
      return !!ip && !!cidr && cidrContains(cidr, ip);
    }
  }
}

function throttled(ctx: GatewayContext, error: GatewayError, result: LimitResult): GatewayReply {
  const retryAfter = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
  ctx.tightestLimit = result;
  // WSO2's throttled body carries `nextAccessTime` beside code, message and description.
  return gatewayError(error, "You have exceeded your quota.", { "retry-after": String(retryAfter) }, {
    nextAccessTime: new Date(result.reset).toISOString(),
  });
}
