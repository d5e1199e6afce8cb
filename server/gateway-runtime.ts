import path from "node:path";
import { Redis } from "@upstash/redis";
import type { Database } from "@/db/client";
import type { Config } from "@/lib/config";
import { startStandaloneGateway } from "@/lib/gateway/standalone/standalone-gateway";
import { startGatewayWorker } from "@/lib/gateway/embedded/worker-host";
import { sharedKeys } from "@/lib/gateway/snapshot/shared-snapshot";
import type { GatewayStatus } from "@/lib/gateway/status/status";
import { gatewayLimiter } from "./gateway-limiter";

/** The standalone gateway (mount b): control-plane link and pipeline on this process's thread. */
export async function startGateway(env: Config, db: Database, status?: GatewayStatus) {
  const limiter = gatewayLimiter(env);
  const runtime = await startStandaloneGateway({
    ...gatewayOptions(env, db, "standalone"),
    limiter,
    status,
  }).catch(async (error: unknown) => {
    await limiter.close?.();
    throw error;
  });
  return { ...runtime, stop: () => runtime.stop().finally(() => limiter.close?.()) };
}

/**
 * The embedded gateway (mount a, inside `npm start`): the pipeline and its listener on a thread of
 * their own, which makes its own limiter (gateway-worker.ts); the control-plane link on this one.
 */
export function startEmbeddedGateway(env: Config, db: Database) {
  return startGatewayWorker({
    ...gatewayOptions(env, db, "embedded"),
    listen: { port: env.GATEWAY_PORT, host: env.HOST, limits: env.gatewayListenerLimits },
    status: env.gatewayStatusPort === null ? null : { port: env.gatewayStatusPort, host: env.HOST },
    addressing: { internalToken: env.INTERNAL_TOKEN, trustedProxies: env.TRUSTED_PROXIES },
    entry: gatewayWorkerEntry(),
  });
}

/** What both Node mounts take from the environment. */
function gatewayOptions(env: Config, db: Database, mount: "embedded" | "standalone") {
  return {
    db,
    mount,
    issuer: env.publicUrl,
    trustedOrigins: [new URL(env.publicUrl).origin],
    limiterFailureMode: env.RATE_LIMIT_FAILURE_MODE,
    // The backend pools refuse private addresses at connect time unless this is set.
    allowPrivateEndpoints: env.allowPrivateEndpoints,
    // With Upstash, Edge gateways (middleware.ts, mount c) read the snapshot this process publishes.
    sharedSnapshot: upstashStore(env),
    sharedKeys: sharedKeys(env.REDIS_KEY_PREFIX),
    otlp: env.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME } : null,
  };
}

/** The worker's entry beside this file: the bundle run-entry.mjs wrote (`npm start`), or the source under tsx (`npm run dev`). */
function gatewayWorkerEntry() {
  const bundled = __filename.endsWith(".cjs");
  return { file: path.join(__dirname, bundled ? "gateway-worker.cjs" : "gateway-worker.ts"), typescript: !bundled };
}

/** The snapshot document and the usage list over Upstash REST, as raw strings (no JSON guessing). */
function upstashStore(env: Config) {
  if (!env.UPSTASH_REDIS_REST_URL || !env.UPSTASH_REDIS_REST_TOKEN) return undefined;
  const redis = new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: env.UPSTASH_REDIS_REST_TOKEN,
    automaticDeserialization: false,
    enableTelemetry: false,
    // Bounded, so a dead Upstash delays start-up and shutdown by seconds, not minutes.
    retry: { retries: 2 },
    signal: () => AbortSignal.timeout(5000),
  });
  return {
    get: (key: string) => redis.get<string>(key),
    set: (key: string, value: string) => redis.set(key, value),
    lpop: (key: string, count: number) => redis.lpop<string[]>(key, count),
  };
}
