import { Redis } from "@upstash/redis";
import { edgeConfig, type EdgeConfig } from "@/lib/config";
import { requestClientAddress } from "@/lib/http/client-address";
import { UpstashLimiter } from "@/lib/throttling/upstash-limiter";
import type { UsageRecord } from "../context";
import { gatewayError } from "../errors";
import { toResponse } from "../fetch-conversions";
import { createFetchForwarder } from "../fetch-forwarder";
import { createGatewayHandler, type GatewayHandler } from "../handler";
import { SharedSnapshotReader, sharedKeys, type SharedKeys } from "../snapshot/shared-snapshot";
import type { GatewaySnapshot } from "../snapshot/types";
import { encodeUsage } from "../usage-queue";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

/**
 * Mount (c): the gateway inside Next's middleware on the Edge runtime, under `/gw/…` (DESIGN "The
 * gateway's three mounts"). The snapshot is the one Node processes publish to Upstash, re-checked
 * at most once a second; limits are counted in Upstash; usage events go back through an Upstash
 * list for a Node process to write. Edge-safe: nothing here (or below) imports node:*, pg or ioredis.
 */
export const EDGE_BASE_PATH = "/gw";

/** How often an isolate re-reads the snapshot's version key (DESIGN: at most once a second). */
const CHECK_EVERY_MS = 1000;
/** How long a call refused on the snapshot's word may wait for a newer one, and how often it looks. */
const CATCH_UP_MS = 1000;
const CATCH_UP_POLL_MS = 50;
const LOG_EVERY_MS = 10_000;

type EdgeState = {
  handler: GatewayHandler;
  reader: SharedSnapshotReader;
  /** The snapshot the current requests use; replaced only between requests' `await`s. */
  snapshot: GatewaySnapshot | null;
  /** Usage events recorded since the last push. */
  pending: UsageRecord[];
  redis: Redis;
  keys: SharedKeys;
  lastForcedRefresh: number;
  usageFailureLoggedAt: number;
};

/** Per isolate, on `globalThis`: one reader, limiter and token cache for all the isolate's requests. */
const STATE_KEY = Symbol.for("portcullis.gateway.edge");
type Holder = { [STATE_KEY]?: EdgeState };

/** Serves one `/gw/…` request; `waitUntil` keeps the isolate alive while usage events are pushed. */
export async function handleEdgeGateway(request: Request, waitUntil: (promise: Promise<unknown>) => void): Promise<Response> {
  const state = edgeState();
  try {
    state.snapshot = await state.reader.current();
  } catch (error) {
    log.error({ err: error }, "cannot read the shared snapshot");
    return toResponse(gatewayError("gatewayUnavailable", "The gateway cannot read its configuration; try again shortly."));
  }
  if (!state.snapshot) {
    const path = new URL(request.url).pathname.slice(EDGE_BASE_PATH.length) || "/";
    return toResponse(gatewayError("apiNotFound", `No API is deployed at ${path}.`));
  }
  const response = await state.handler(request);
  if (state.pending.length) waitUntil(pushUsage(state, state.pending.splice(0)));
  return response;
}

function edgeState(): EdgeState {
  const holder = globalThis as Holder;
  return (holder[STATE_KEY] ??= createEdgeState(edgeConfig()));
}

function createEdgeState(env: EdgeConfig): EdgeState {
  if (!env.upstash) throw new Error("the Edge gateway needs UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN");
  const { url, token } = env.upstash;
  const redis = new Redis({
    url,
    token,
    // Strings in, strings out: the snapshot document is parsed here, usage events by the Node drain.
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: false,
    signal: () => AbortSignal.timeout(3000),
  });
  const keys = sharedKeys(env.keyPrefix);
  const reader = new SharedSnapshotReader(
    { get: (key) => redis.get<string>(key), set: (key, value) => redis.set(key, value) },
    CHECK_EVERY_MS,
    keys,
  );
  const state: EdgeState = {
    reader,
    snapshot: null,
    pending: [],
    redis,
    keys,
    lastForcedRefresh: 0,
    usageFailureLoggedAt: 0,
    handler: null as unknown as GatewayHandler,
  };
  state.handler = createGatewayHandler({
    snapshot: () => state.snapshot!,
    // A token signed by a key this isolate has not seen yet: re-read now, at most once a second.
    refreshSnapshot: async () => {
      if (Date.now() - state.lastForcedRefresh < CHECK_EVERY_MS) return false;
      state.lastForcedRefresh = Date.now();
      const before = state.snapshot;
      state.snapshot = (await reader.current(true).catch(() => null)) ?? before;
      return state.snapshot !== before;
    },
    /**
     * A call refused on the snapshot's word: re-read the published version now (one read in flight
     * per isolate, shared). A credential minted at a version newer than what is published waits,
     * within a second, for the snapshot holding it: Node processes publish every rebuild, and a
     * write made in one of them answers only once its snapshot is out.
     */
    catchUp: async (atLeast) => {
      const deadline = Date.now() + CATCH_UP_MS;
      for (;;) {
        const read = await within(reader.fresh().catch(() => null), deadline - Date.now());
        if (read) state.snapshot = read;
        const version = state.snapshot?.changeVersion ?? 0;
        if (atLeast === undefined || version >= atLeast || Date.now() + CATCH_UP_POLL_MS >= deadline) return version;
        await sleep(CATCH_UP_POLL_MS);
      }
    },
    issuer: env.publicUrl,
    limiter: new UpstashLimiter({ url, token, prefix: `${env.keyPrefix}:rl` }),
    limiterFailureMode: env.rateLimitFailureMode,
    forward: createFetchForwarder({ allowPrivateEndpoints: env.allowPrivateEndpoints }),
    record: (event) => {
      state.pending.push(event);
    },
    gatewayId: `edge:${crypto.randomUUID().slice(0, 8)}`,
    basePath: EDGE_BASE_PATH,
    trustedOrigins: [new URL(env.publicUrl).origin],
    clientIp: (request) => edgeClientIp(request, env),
    forwardedForIncludesClient: true,
  });
  return state;
}

/**
 * The caller's address by the one rule of lib/http/client-address.ts: behind Portcullis's own server,
 * the address it stamped; on a platform (Vercel), X-Forwarded-For's right-most hop outside
 * TRUSTED_PROXIES, and "unknown" for everyone when no proxy is trusted, never an address the caller claims.
 */
export function edgeClientIp(request: Request, env: Pick<EdgeConfig, "clientAddress"> = edgeConfig()): string {
  return requestClientAddress(request, env.clientAddress);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** `promise`'s value, or null once `ms` have passed. */
async function within<T>(promise: Promise<T | null>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.max(0, ms))));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function pushUsage(state: EdgeState, events: UsageRecord[]): Promise<void> {
  try {
    await state.redis.rpush(state.keys.usage, ...events.map(encodeUsage));
  } catch (error) {
    if (Date.now() - state.usageFailureLoggedAt < LOG_EVERY_MS) return;
    state.usageFailureLoggedAt = Date.now();
    log.error({ err: error, dropped: events.length }, "dropped usage events: cannot push them to Upstash");
  }
}
