import type { Config } from "@/lib/config";
import type { Limiter } from "./limiter";
import { MemoryLimiter } from "./memory-limiter";
import type { SharedLimiterOptions } from "./shared-limiter";
import { RedisLimiter } from "./redis-limiter";
import { UpstashLimiter } from "./upstash-limiter";

export type LimiterConfig = Pick<Config, "REDIS_URL" | "UPSTASH_REDIS_REST_URL" | "UPSTASH_REDIS_REST_TOKEN">;
export type LimiterBackend = "upstash" | "redis" | "memory";

/** Upstash when its REST URL is set, else Redis when REDIS_URL is, else this process's memory. */
export function limiterBackend(config: LimiterConfig): LimiterBackend {
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) return "upstash";
  if (config.REDIS_URL) return "redis";
  return "memory";
}

/**
 * The limiter for a Node gateway mount, from the environment. Node only (ioredis): the Edge mount
 * constructs an UpstashLimiter itself.
 */
export function createLimiter(config: LimiterConfig, options: SharedLimiterOptions = {}): Limiter {
  switch (limiterBackend(config)) {
    case "upstash":
      return new UpstashLimiter({ ...options, url: config.UPSTASH_REDIS_REST_URL!, token: config.UPSTASH_REDIS_REST_TOKEN! });
    case "redis":
      return new RedisLimiter({ ...options, url: config.REDIS_URL! });
    case "memory":
      return new MemoryLimiter();
  }
}
