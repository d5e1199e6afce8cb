import type { LimitResult, Limiter, Window } from "./limiter";

type Entry = { windowStart: number; current: number; previous: number };
type Counters = { entries: Map<string, Entry>; lastSweep: number };

/**
 * The sliding-window algorithm of @upstash/ratelimit (two fixed windows, the previous one weighted
 * by how much of it still overlaps), held in process memory for the embedded mode. Counters are kept
 * per window length and then by the caller's key as it is: the gateway hands the same key string on
 * every call of a caller, whose hash V8 keeps, where a key joined with the window's length would be a
 * new string to build and hash on each call.
 */
export class MemoryLimiter implements Limiter {
  private readonly windows = new Map<number, Counters>();

  constructor(private readonly now: () => number = Date.now) {}

  limit(key: string, { limit, windowMs }: Window): LimitResult {
    const now = this.now();
    let counters = this.windows.get(windowMs);
    if (!counters) this.windows.set(windowMs, (counters = { entries: new Map(), lastSweep: now }));
    else if (now - counters.lastSweep >= windowMs) sweep(counters, now, windowMs);
    const windowStart = Math.floor(now / windowMs) * windowMs;
    let entry = counters.entries.get(key);
    if (!entry || entry.windowStart < windowStart - windowMs) {
      entry = { windowStart, current: 0, previous: 0 };
      counters.entries.set(key, entry);
    } else if (entry.windowStart < windowStart) {
      entry.previous = entry.current;
      entry.current = 0;
      entry.windowStart = windowStart;
    }
    const overlap = 1 - (now - windowStart) / windowMs;
    const used = Math.floor(entry.previous * overlap) + entry.current;
    const reset = windowStart + windowMs;
    if (used >= limit) return { success: false, limit, remaining: 0, reset };
    entry.current += 1;
    return { success: true, limit, remaining: Math.max(0, limit - used - 1), reset };
  }

  refund(key: string, { windowMs }: Window): void {
    const entry = this.windows.get(windowMs)?.entries.get(key);
    if (!entry) return;
    const windowStart = Math.floor(this.now() / windowMs) * windowMs;
    // The call was counted in the entry's current window, which may since have become the previous one.
    if (entry.windowStart >= windowStart - windowMs && entry.current > 0) entry.current -= 1;
    else if (entry.windowStart === windowStart && entry.previous > 0) entry.previous -= 1;
  }

  /** How many keys it counts for, over all window lengths. */
  get size(): number {
    let size = 0;
    for (const counters of this.windows.values()) size += counters.entries.size;
    return size;
  }
}

/** Drops the counters that no longer weigh on their window; run at most once a window. */
function sweep(counters: Counters, now: number, windowMs: number): void {
  counters.lastSweep = now;
  for (const [key, entry] of counters.entries) {
    if (entry.windowStart + 2 * windowMs <= now) counters.entries.delete(key);
  }
}
