import { LimiterUnavailableError, subWindows, type LimitResult, type Limiter, type Window } from "./limiter";

/**
 * The two script calls the shared limiter makes, as both `@upstash/redis` and the ioredis adapter
 * (redis-limiter.ts) offer them: EVALSHA, and EVAL when the store answers NOSCRIPT.
 */
export type ScriptClient = {
  evalsha(hash: string, keys: string[], args: (string | number)[]): Promise<unknown>;
  eval(script: string, keys: string[], args: (string | number)[]): Promise<unknown>;
};

export type SharedLimiterOptions = {
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
 * The sub-window algorithm of `subWindows` (limiter.ts) as one atomic script over a hash per key and
 * window length: a field per sub-window with calls in it, `lo` (the oldest sub-window still counted),
 * `n` (the calls in the counted sub-windows) and `hi` (the newest with a call). Sub-windows leave the
 * count as time passes, each once, so a call costs the same whatever the number of sub-windows.
 *
 * The clock is Redis's own (TIME), one clock for every gateway process, so the guarantee does not
 * depend on their clocks agreeing; where a store refuses TIME in scripts, the caller's clock (ARGV[5])
 * is used instead. Either way the count never goes back before `lo`, should a clock step back.
 * The shebang flag lets Upstash lock only this key; it is stripped for stock Redis (lua-scripts.ts).
 *
 * ARGV: window ms, sub-window ms, span (sub-windows a window touches, less one), limit, caller's
 * clock. Returns {admitted (0|1), remaining, reset (epoch ms), clock used (epoch ms)}.
 */
export const WINDOW_SCRIPT = `#!lua flags=allow-key-locking
local key = KEYS[1]
local window = tonumber(ARGV[1])
local sub = tonumber(ARGV[2])
local span = tonumber(ARGV[3])
local limit = tonumber(ARGV[4])
local now = tonumber(ARGV[5])
local clock = redis.pcall('TIME')
if type(clock) == 'table' and clock.err == nil and clock[1] then
  now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end
local hi = math.floor(now / sub)
local lo = math.floor((now - window) / sub)
if lo < 0 then lo = 0 end
local state = redis.call('HMGET', key, 'lo', 'n', 'hi')
local from = tonumber(state[1])
local used = tonumber(state[2]) or 0
local newest = tonumber(state[3]) or hi
if from == nil or lo > from + span then
  if from ~= nil then redis.call('DEL', key) end
  used = 0
  newest = hi
elseif lo > from then
  for b = from, lo - 1 do
    local calls = redis.call('HGET', key, b)
    if calls then
      used = used - tonumber(calls)
      redis.call('HDEL', key, b)
    end
  end
  redis.call('HSET', key, 'lo', lo, 'n', used)
else
  lo = from
  if hi < lo then hi = lo end
end
if used >= limit then
  local excess = used - limit + 1
  local freed = 0
  local b = lo
  while b < lo + span do
    freed = freed + (tonumber(redis.call('HGET', key, b)) or 0)
    if freed >= excess then break end
    b = b + 1
  end
  return {0, 0, (b + 1) * sub + window, now}
end
if hi > newest then newest = hi end
redis.call('HINCRBY', key, hi, 1)
redis.call('HSET', key, 'lo', lo, 'n', used + 1, 'hi', newest)
local expires = (newest + 1) * sub + window
redis.call('PEXPIRE', key, math.max(1, expires - now))
return {1, limit - used - 1, expires, now}
`;

/**
 * Takes back one counted call (a sign-in that turned out not to be a failure): from the newest
 * sub-window still counted that holds one. ARGV: none. Returns 1 when a call was taken back.
 */
export const REFUND_SCRIPT = `local key = KEYS[1]
local state = redis.call('HMGET', key, 'lo', 'n', 'hi')
local lo = tonumber(state[1])
local used = tonumber(state[2])
local hi = tonumber(state[3])
if lo == nil or used == nil or hi == nil then return 0 end
for b = hi, lo, -1 do
  local calls = tonumber(redis.call('HGET', key, b))
  if calls and calls > 0 then
    redis.call('HINCRBY', key, b, -1)
    redis.call('HSET', key, 'n', used - 1)
    return 1
  end
end
return 0
`;

/**
 * The sub-window limiter on a shared Redis: Upstash REST, or a stock Redis through the ioredis
 * adapter. Edge-safe: nothing here imports node:*. Keys are `{prefix}:{windowMs}/{subMs}:{key}`, so
 * one key under two window lengths never shares counters, while a policy's new limit applies to the
 * calls already counted.
 */
export class SharedLimiter implements Limiter {
  readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  private readonly failuresToTrip: number;
  /** Per window length: the key prefix and the script's fixed arguments. */
  private readonly windows = new Map<number, { keyPrefix: string; subMs: number; span: number }>();
  private scriptHash: string | Promise<string> | null = null;
  private failuresInARow = 0;
  private failingUntil = 0;

  constructor(
    private readonly client: ScriptClient,
    options: SharedLimiterOptions = {},
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
      const answer = await withTimeout(this.run(key, window), this.timeoutMs);
      this.failuresInARow = 0;
      return answer;
    } catch (error) {
      if (++this.failuresInARow >= this.failuresToTrip) this.failingUntil = Date.now() + this.cooldownMs;
      if (error instanceof LimiterUnavailableError) throw error;
      throw new LimiterUnavailableError(`rate limit store failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  /** Takes back one call counted under `key` (rare: sign-ins), by EVAL; fails as `limit` does. */
  async refund(key: string, window: Window): Promise<void> {
    if (Date.now() < this.failingUntil) {
      throw new LimiterUnavailableError("rate limit store failed moments ago; failing fast until it is retried");
    }
    const keys = [this.shape(window.windowMs).keyPrefix + key];
    await withTimeout(this.client.eval(REFUND_SCRIPT, keys, []), this.timeoutMs).catch((error: unknown) => {
      if (error instanceof LimiterUnavailableError) throw error;
      throw new LimiterUnavailableError(`rate limit store failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
  }

  private shape(windowMs: number) {
    let shape = this.windows.get(windowMs);
    if (!shape) {
      const { subMs, span } = subWindows(windowMs);
      this.windows.set(windowMs, (shape = { keyPrefix: `${this.prefix}:${windowMs}/${subMs}:`, subMs, span }));
    }
    return shape;
  }

  private async run(key: string, { limit, windowMs }: Window): Promise<LimitResult> {
    const shape = this.shape(windowMs);
    const keys = [shape.keyPrefix + key];
    const args = [windowMs, shape.subMs, shape.span, limit, Date.now()];
    const hash = typeof this.scriptHash === "string" ? this.scriptHash : await (this.scriptHash ??= sha1Hex(WINDOW_SCRIPT).then((hex) => (this.scriptHash = hex)));
    let reply: unknown;
    try {
      reply = await this.client.evalsha(hash, keys, args);
    } catch (error) {
      if (!String(error instanceof Error ? error.message : error).includes("NOSCRIPT")) throw error;
      reply = await this.client.eval(WINDOW_SCRIPT, keys, args);
    }
    if (!Array.isArray(reply) || reply.length < 4) throw new LimiterUnavailableError(`rate limit store answered ${JSON.stringify(reply)}`);
    const [admitted, remaining, reset, at] = reply.map(Number);
    return { success: admitted === 1, limit, remaining, reset, at };
  }
}

/** SHA1 in hex with Web Crypto, which Node and the Edge runtime both have. */
async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LimiterUnavailableError(`rate limit store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
