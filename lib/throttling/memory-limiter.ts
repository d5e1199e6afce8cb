import { subWindows, type LimitResult, type Limiter, type Window } from "./limiter";

/**
 * One key's calls, by sub-window: a ring of `span + 1` counters, sub-window `b` in slot b mod (span + 1),
 * holding the sub-windows from `lo` (the oldest still counted) on; `used` is their sum and `hi` the
 * newest with a call in it.
 */
type Entry = { lo: number; hi: number; used: number; counts: number[] };
type Counters = { entries: Map<string, Entry>; lastSweep: number; subMs: number; span: number };

/**
 * The sub-window limiter (see `subWindows`) in process memory, for the embedded mode and as each
 * gateway's own count when the shared store fails in `open` mode. Counters are kept per window
 * length and then by the caller's key as it is: the gateway hands the same key string on every call
 * of a caller, whose hash V8 keeps, where a key joined with the window's length would be a new
 * string to build and hash on each call. A call allocates nothing but its answer; a key's first call
 * allocates its ring.
 */
export class MemoryLimiter implements Limiter {
  private readonly windows = new Map<number, Counters>();

  /** `now` is read on every call (so a test's fake clock, installed later, applies too). */
  constructor(private readonly now: () => number = () => Date.now()) {}

  limit(key: string, { limit, windowMs }: Window): LimitResult {
    const now = this.now();
    let counters = this.windows.get(windowMs);
    if (!counters) this.windows.set(windowMs, (counters = { entries: new Map(), lastSweep: now, ...subWindows(windowMs) }));
    else if (now - counters.lastSweep >= windowMs) sweep(counters, now, windowMs);
    const { subMs, span } = counters;
    const slots = span + 1;
    let hi = Math.floor(now / subMs);
    let lo = Math.max(0, Math.floor((now - windowMs) / subMs));
    let entry = counters.entries.get(key);
    if (!entry) {
      entry = { lo, hi, used: 0, counts: new Array<number>(slots).fill(0) };
      counters.entries.set(key, entry);
    } else if (lo > entry.lo) {
      expire(entry, lo, slots);
    } else if (lo < entry.lo) {
      // The clock went back: keep counting from the sub-windows already counted.
      lo = entry.lo;
      if (hi < lo) hi = lo;
    }
    const used = entry.used;
    if (used >= limit) return { success: false, limit, remaining: 0, reset: roomAgain(entry, used - limit + 1, subMs, windowMs, slots) };
    entry.counts[hi % slots] += 1;
    entry.used = used + 1;
    if (hi > entry.hi) entry.hi = hi;
    return { success: true, limit, remaining: limit - used - 1, reset: (entry.hi + 1) * subMs + windowMs };
  }

  /** Takes back one counted call: from the newest sub-window still counted that holds one. */
  refund(key: string, { windowMs }: Window): void {
    const counters = this.windows.get(windowMs);
    const entry = counters?.entries.get(key);
    if (!counters || !entry) return;
    const slots = counters.span + 1;
    for (let b = entry.hi; b >= entry.lo; b--) {
      const slot = b % slots;
      if (entry.counts[slot] > 0) {
        entry.counts[slot] -= 1;
        entry.used -= 1;
        return;
      }
    }
  }

  /** How many keys it counts for, over all window lengths. */
  get size(): number {
    let size = 0;
    for (const counters of this.windows.values()) size += counters.entries.size;
    return size;
  }
}

/** Drops the sub-windows older than `lo` from the count. */
function expire(entry: Entry, lo: number, slots: number): void {
  const counts = entry.counts;
  if (lo - entry.lo >= slots) {
    counts.fill(0);
    entry.used = 0;
  } else {
    for (let b = entry.lo; b < lo; b++) {
      const slot = b % slots;
      entry.used -= counts[slot];
      counts[slot] = 0;
    }
  }
  entry.lo = lo;
}

/** When enough of the oldest sub-windows have aged out (sub-window b at (b + 1)·subMs + windowMs) to free `excess` calls. */
function roomAgain(entry: Entry, excess: number, subMs: number, windowMs: number, slots: number): number {
  let freed = 0;
  let b = entry.lo;
  for (const last = entry.lo + slots - 1; b < last; b++) {
    freed += entry.counts[b % slots];
    if (freed >= excess) break;
  }
  return (b + 1) * subMs + windowMs;
}

/** Drops the keys whose every call has aged out; run at most once a window. */
function sweep(counters: Counters, now: number, windowMs: number): void {
  counters.lastSweep = now;
  for (const [key, entry] of counters.entries) {
    if ((entry.hi + 1) * counters.subMs + windowMs <= now) counters.entries.delete(key);
  }
}
