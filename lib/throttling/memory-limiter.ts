import type { LimitResult, Limiter, Window } from "./limiter";

type Entry = { windowStart: number; current: number; previous: number };

/**
 * The sliding-window algorithm of @upstash/ratelimit (two fixed windows, the previous one weighted
 * by how much of it still overlaps), held in process memory for the embedded mode.
 */
export class MemoryLimiter implements Limiter {
  private readonly entries = new Map<string, Entry>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  limit(key: string, { limit, windowMs }: Window): LimitResult {
    const now = this.now();
    this.sweep(now, windowMs);
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const mapKey = `${windowMs}:${key}`;
    let entry = this.entries.get(mapKey);
    if (!entry || entry.windowStart < windowStart - windowMs) {
      entry = { windowStart, current: 0, previous: 0 };
      this.entries.set(mapKey, entry);
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

  /** Drops entries that no longer weigh on any window, at most once a window. */
  private sweep(now: number, windowMs: number) {
    if (now - this.lastSweep < windowMs) return;
    this.lastSweep = now;
    for (const [key, entry] of this.entries) {
      const size = Number(key.slice(0, key.indexOf(":")));
      if (entry.windowStart + 2 * size <= now) this.entries.delete(key);
    }
  }
}
