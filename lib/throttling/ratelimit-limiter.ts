import { Ratelimit, type RatelimitConfig } from "@upstash/ratelimit";
import { LimiterUnavailableError, type LimitResult, type Limiter, type Window } from "./limiter";

/** What `Ratelimit` calls on its Redis: `evalsha`, then `eval` after NOSCRIPT (plus get/set it types but we never trigger). */
export type RatelimitRedis = RatelimitConfig["redis"];

export type RatelimitLimiterOptions = {
  /** Every key this limiter writes starts with it. */
  prefix?: string;
  /** A call that takes longer fails (and the gateway follows its failure mode). */
  timeoutMs?: number;
  /** After `failuresToTrip` failures in a row, calls fail at once for this long instead of each waiting for the timeout. */
  cooldownMs?: number;
  failuresToTrip?: number;
};

export const DEFAULT_PREFIX = "portcullis:rl";
/**
 * A healthy Redis answers in well under a millisecond; 500 ms bounds a hung one while leaving room
 * for a starved CPU (at 200 ms a loaded 2-core box failed healthy calls, which open mode admits).
 */
export const DEFAULT_TIMEOUT_MS = 500;
const DEFAULT_COOLDOWN_MS = 1000;
/** One slow answer must not stop counting for a whole cooldown; a dead store fails every call. */
const DEFAULT_FAILURES_TO_TRIP = 3;

/**
 * @upstash/ratelimit's sliding window over any Redis it can talk to (Upstash REST, or ioredis through
 * an adapter). Ratelimit takes its window when constructed, so there is one instance per distinct
 * window; the key is passed per call. Edge-safe: nothing here imports node:*.
 */
export class RatelimitLimiter implements Limiter {
  readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  private readonly failuresToTrip: number;
  private readonly instances = new Map<string, Ratelimit>();
  private failuresInARow = 0;
  private failingUntil = 0;

  constructor(
    private readonly redis: RatelimitRedis,
    options: RatelimitLimiterOptions = {},
  ) {
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    this.failuresToTrip = options.failuresToTrip ?? DEFAULT_FAILURES_TO_TRIP;
  }

  async limit(key: string, window: Window): Promise<LimitResult> {
    if (Date.now() < this.failingUntil) {
      throw new LimiterUnavailableError("rate limit store failed moments ago; failing fast until it is retried");
    }
    try {
      const result = await withTimeout(this.instance(window).limit(key), this.timeoutMs);
      this.failuresInARow = 0;
      return { success: result.success, limit: result.limit, remaining: result.remaining, reset: result.reset };
    } catch (error) {
      if (++this.failuresInARow >= this.failuresToTrip) this.failingUntil = Date.now() + this.cooldownMs;
      if (error instanceof LimiterUnavailableError) throw error;
      throw new LimiterUnavailableError(`rate limit store failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** A negative rate takes one back from the current window (the sliding-window script skips the limit check for it). */
  async refund(key: string, window: Window): Promise<void> {
    if (Date.now() < this.failingUntil) throw new LimiterUnavailableError("rate limit store failed moments ago; failing fast until it is retried");
    await withTimeout(this.instance(window).limit(key, { rate: -1 }), this.timeoutMs);
  }

  private instance({ limit, windowMs }: Window): Ratelimit {
    const id = `${limit}:${windowMs}`;
    let instance = this.instances.get(id);
    if (!instance) {
      instance = new Ratelimit({
        redis: this.redis,
        limiter: Ratelimit.slidingWindow(limit, `${windowMs} ms`),
        // The window size is in the prefix so that one key under two windows never shares counters;
        // the limit is not, so a policy's new limit applies to the requests already counted.
        prefix: `${this.prefix}:${windowMs}`,
        // Our own timeout fails per RATE_LIMIT_FAILURE_MODE; Ratelimit's would silently admit.
        timeout: 0,
        // Its cache refuses until the fixed window ends, stricter than the sliding window: keep
        // every backend's answers the same as MemoryLimiter's.
        ephemeralCache: false,
        analytics: false,
        enableTelemetry: false,
      });
      this.instances.set(id, instance);
    }
    return instance;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LimiterUnavailableError(`rate limit store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
