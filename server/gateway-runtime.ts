import { Redis } from "@upstash/redis";
import type { Database } from "@/db/client";
import type { Config } from "@/lib/config";
import { startGatewayRuntime } from "@/lib/gateway/node/runtime";
import { sharedKeys } from "@/lib/gateway/snapshot/shared-snapshot";
import { createLimiter } from "@/lib/throttling/create-limiter";

/** The gateway of a Node process, configured from the environment. */
export async function startGateway(env: Config, db: Database, mount: "embedded" | "standalone") {
  // Upstash when configured, else Redis (REDIS_URL), else this process's memory.
  const limiter = createLimiter(env, { prefix: `${env.REDIS_KEY_PREFIX}:rl` });
  const runtime = await startGatewayRuntime({
    db,
    mount,
    issuer: env.publicUrl,
    trustedOrigins: [new URL(env.publicUrl).origin],
    limiter,
    limiterFailureMode: env.RATE_LIMIT_FAILURE_MODE,
    // With Upstash, Edge gateways (middleware.ts, mount c) read the snapshot this process publishes.
    sharedSnapshot: upstashStore(env),
    sharedKeys: sharedKeys(env.REDIS_KEY_PREFIX),
  }).catch(async (error: unknown) => {
    await limiter.close?.();
    throw error;
  });
  return { ...runtime, stop: () => runtime.stop().finally(() => limiter.close?.()) };
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
