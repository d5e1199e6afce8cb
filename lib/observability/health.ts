import "server-only";
import { Redis as UpstashRedis } from "@upstash/redis";
import { sql } from "drizzle-orm";
import Redis from "ioredis";
import type { Database } from "@/db/client";
import type { Config } from "@/lib/config";

export type DependencyStatus = { status: "up" | "down" | "not configured"; latencyMs?: number; error?: string };
export type PortalHealth = { status: "ok" | "degraded" | "down"; database: DependencyStatus & { driver: string }; redis: DependencyStatus & { kind?: "redis" | "upstash" } };

const TIMEOUT_MS = 2000;

/**
 * The portal's health (GET /api/health): the database answers a query and Redis (REDIS_URL or
 * Upstash) a PING, each within 2 s. Down without the database; degraded without Redis, where the
 * limiters follow RATE_LIMIT_FAILURE_MODE.
 */
export async function portalHealth(env: Config, db: () => Promise<Database>): Promise<PortalHealth> {
  const [database, redis] = await Promise.all([
    timed(async () => {
      await (await db()).execute(sql`select 1`);
    }),
    redisStatus(env),
  ]);
  const status = database.status !== "up" ? "down" : redis.status === "down" ? "degraded" : "ok";
  return { status, database: { ...database, driver: env.databaseDriver }, redis };
}

async function redisStatus(env: Config): Promise<PortalHealth["redis"]> {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    const client = new UpstashRedis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, enableTelemetry: false, retry: { retries: 0 } });
    return { kind: "upstash", ...(await timed(() => client.ping())) };
  }
  if (env.REDIS_URL) return { kind: "redis", ...(await timed(() => pingRedis(env.REDIS_URL!))) };
  return { status: "not configured" };
}

const CLIENT_KEY = Symbol.for("portcullis.health.redis");
type Holder = { [CLIENT_KEY]?: Map<string, Redis> };

/** One connection per process for the checks, failing fast rather than queueing while Redis is away. */
function pingRedis(url: string): Promise<unknown> {
  const holder = globalThis as Holder;
  const clients = (holder[CLIENT_KEY] ??= new Map());
  let client = clients.get(url);
  if (!client) {
    client = new Redis(url, { maxRetriesPerRequest: 0, connectTimeout: TIMEOUT_MS });
    clients.set(url, client);
    // A Redis that is away is reported by the check; ioredis would otherwise print every reconnect.
    client.on("error", () => {});
  }
  return client.ping();
}

async function timed(check: () => Promise<unknown>): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([check(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)))]);
    return { status: "up", latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: "down", error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
