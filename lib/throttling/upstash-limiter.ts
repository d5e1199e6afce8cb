import { Redis } from "@upstash/redis";
import type { LimitResult, Limiter, Window } from "./limiter";
import { DEFAULT_TIMEOUT_MS, SharedLimiter, type SharedLimiterOptions } from "./shared-limiter";

export type UpstashLimiterOptions = SharedLimiterOptions & {
  /** UPSTASH_REDIS_REST_URL */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN */
  token: string;
};

/**
 * The sub-window limiter (shared-limiter.ts) over Upstash's REST API (serverless and Edge hosting).
 * Edge-safe. Each HTTP request is aborted at the timeout and never retried, so a dead store fails
 * the call instead of holding the request.
 */
export class UpstashLimiter implements Limiter {
  private readonly core: SharedLimiter;

  constructor(options: UpstashLimiterOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const redis = new Redis({
      url: options.url,
      token: options.token,
      retry: false,
      signal: () => AbortSignal.timeout(timeoutMs),
      enableTelemetry: false,
    });
    this.core = new SharedLimiter(redis, { ...options, timeoutMs });
  }

  limit(key: string, window: Window): Promise<LimitResult> {
    return this.core.limit(key, window);
  }

  refund(key: string, window: Window): Promise<void> {
    return this.core.refund(key, window);
  }
}
