import { describe, expect, it } from "vitest";
import { mostInAnyWindow, seededRandom } from "@/test/harness/windows";
import { SUB_WINDOWS, subWindows, type Window } from "./limiter";
import { MemoryLimiter } from "./memory-limiter";

/** A limiter on a clock the test moves. */
function clocked(start = 0) {
  const clock = { now: start };
  return { clock, limiter: new MemoryLimiter(() => clock.now) };
}

/** Offers one call at each moment given (sorted); the moments admitted and refused. */
function offer(times: number[], window: Window, start = times[0] ?? 0) {
  const { clock, limiter } = clocked(start);
  const admitted: number[] = [];
  const refused: number[] = [];
  for (const at of times) {
    clock.now = at;
    (limiter.limit("k", window).success ? admitted : refused).push(at);
  }
  return { admitted, refused };
}

/** How many of `times` lie in (from, to]. */
const countIn = (times: number[], from: number, to: number) => times.filter((t) => t > from && t <= to).length;

describe("MemoryLimiter", () => {
  it("admits up to the limit, then refuses until the oldest counted call has aged out", () => {
    const { clock, limiter } = clocked(1_000_000);
    const window = { limit: 3, windowMs: 1000 };
    const results = Array.from({ length: 4 }, () => limiter.limit("k", window));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    // Sub-windows of 50 ms: the calls at 1 000 000 are counted until 1 000 050 + 1000.
    expect(results[3].reset).toBe(1_001_050);
    expect(results[0].reset).toBe(1_001_050);
    clock.now = 1_001_049;
    expect(limiter.limit("k", window).success).toBe(false);
    clock.now = 1_001_050;
    expect(limiter.limit("k", window)).toMatchObject({ success: true, remaining: 2 });
  });

  it("keeps keys apart", () => {
    const limiter = new MemoryLimiter(() => 0);
    const window = { limit: 1, windowMs: 1000 };
    expect(limiter.limit("a", window).success).toBe(true);
    expect(limiter.limit("b", window).success).toBe(true);
    expect(limiter.limit("a", window).success).toBe(false);
  });

  it("counts a key apart per window length", () => {
    const limiter = new MemoryLimiter(() => 0);
    expect(limiter.limit("k", { limit: 1, windowMs: 1000 }).success).toBe(true);
    expect(limiter.limit("k", { limit: 1, windowMs: 60_000 }).success).toBe(true);
    expect(limiter.limit("k", { limit: 1, windowMs: 1000 }).success).toBe(false);
  });

  it("forgets keys once all their calls have aged out, so memory does not grow with every caller seen", () => {
    const { clock, limiter } = clocked(0);
    const window = { limit: 10, windowMs: 1000 };
    for (let i = 0; i < 100; i++) limiter.limit(`caller-${i}`, window);
    limiter.limit("other-length", { limit: 10, windowMs: 60_000 });
    expect(limiter.size).toBe(101);
    // A window on, the calls at 0 still count (until 50 + 1000): nothing goes.
    clock.now = 1000;
    limiter.limit("caller-0", window);
    expect(limiter.size).toBe(101);
    // Two windows on, only the key counted since stays (and the minute-long window's).
    clock.now = 2000;
    limiter.limit("caller-0", window);
    expect(limiter.size).toBe(2);
    expect(limiter.limit("caller-1", window).remaining).toBe(9);
  });

  it("never admits more than N in a window for a burst on either side of a window's edge (100 a minute)", () => {
    const window = { limit: 100, windowMs: 60_000 };
    // The approximation this replaces admitted 100 at 59 999 and 99 more at 60 000.
    const edge = Array.from({ length: 200 }, (_, i) => (i < 100 ? 59_999 : 60_000));
    const { admitted } = offer(edge, window);
    expect(admitted).toHaveLength(100);
    // One call a millisecond for two more minutes: the burst's sub-window (57 000-59 999) ages out at 120 000.
    const later = Array.from({ length: 120_000 }, (_, i) => 60_001 + i);
    const run = offer([...edge, ...later], window);
    expect(mostInAnyWindow(run.admitted, window.windowMs).most).toBe(100);
    expect(run.admitted.filter((t) => t > 60_000)[0]).toBe(120_000);
  });

  it("refuses at most one sub-window early: a burst at a sub-window's start counts until its sub-window has aged out", () => {
    const window = { limit: 100, windowMs: 60_000 };
    const { subMs } = subWindows(window.windowMs);
    expect(subMs).toBe(3000);
    const { clock, limiter } = clocked(57_000);
    for (let i = 0; i < 100; i++) expect(limiter.limit("k", window).success).toBe(true);
    const refused = limiter.limit("k", window);
    expect(refused).toMatchObject({ success: false, reset: 57_000 + subMs + window.windowMs });
    clock.now = 57_000 + window.windowMs + subMs - 1;
    expect(limiter.limit("k", window).success).toBe(false);
    clock.now = 57_000 + window.windowMs + subMs;
    expect(limiter.limit("k", window)).toMatchObject({ success: true, remaining: 99 });
  });

  it("answers `remaining` truly: that many calls more are admitted at once, and then none", () => {
    const { clock, limiter } = clocked(0);
    const window = { limit: 20, windowMs: 10_000 };
    const random = seededRandom(7);
    for (let step = 0; step < 300; step++) {
      clock.now += Math.floor(random() * 1500);
      const first = limiter.limit("k", window);
      if (!first.success) {
        expect(first.remaining).toBe(0);
        // Refused: admitted again exactly at `reset` (no calls in between), not a millisecond before.
        const now = clock.now;
        clock.now = first.reset - 1;
        expect(limiter.limit("k", window).success).toBe(false);
        clock.now = first.reset;
        expect(limiter.limit("k", window).success).toBe(true);
        clock.now = Math.max(now, clock.now);
        continue;
      }
      for (let i = 0; i < first.remaining; i++) expect(limiter.limit("k", window).success).toBe(true);
      expect(limiter.limit("k", window).success).toBe(false);
    }
  });

  const shapes: Window[] = [
    { limit: 100, windowMs: 60_000 },
    { limit: 5, windowMs: 1000 },
    // Windows the sub-windows do not divide evenly, and one shorter than SUB_WINDOWS ms.
    { limit: 3, windowMs: 1001 },
    { limit: 7, windowMs: 13 },
    { limit: 1, windowMs: 997 },
  ];

  for (const window of shapes) {
    it(`never more than ${window.limit} in any ${window.windowMs} ms, for random arrivals (seeded), and refuses only when ${window.limit} came in the last window and a sub-window [${window.limit}/${window.windowMs}]`, () => {
      const { subMs } = subWindows(window.windowMs);
      for (let seed = 1; seed <= 20; seed++) {
        const random = seededRandom(seed * 7919 + window.windowMs);
        const times: number[] = [];
        let now = Math.floor(random() * 10 * window.windowMs);
        while (times.length < 3000) {
          const pick = random();
          if (pick < 0.3) {
            // A burst at one moment.
            const burst = 1 + Math.floor(random() * window.limit * 1.5);
            for (let i = 0; i < burst; i++) times.push(now);
          } else if (pick < 0.5) {
            // Just before or at a sub-window's or a window's edge.
            const unit = random() < 0.5 ? subMs : window.windowMs;
            now = (Math.floor(now / unit) + 1) * unit - (random() < 0.5 ? 1 : 0);
            if (now < times[times.length - 1]) now = times[times.length - 1];
            times.push(now);
          } else {
            now += Math.floor(random() * random() * 2 * window.windowMs);
            times.push(now);
          }
        }
        const { admitted, refused } = offer(times, window);
        const worst = mostInAnyWindow(admitted, window.windowMs);
        expect(worst.most, `seed ${seed}: ${worst.most} admitted in the ${window.windowMs} ms up to ${worst.endingAt}`).toBeLessThanOrEqual(window.limit);
        // Early refusal is bounded: a refused call had `limit` admitted in the window and one sub-window before it.
        for (const at of refused) expect(countIn(admitted, at - window.windowMs - subMs, at), `seed ${seed}, refused at ${at}`).toBeGreaterThanOrEqual(window.limit);
      }
    });
  }

  it(`lets at least N·(1 − 1/${SUB_WINDOWS}) a window through a steady stream above the limit`, () => {
    const window = { limit: 100, windowMs: 60_000 };
    // Ten windows of one call every 50 ms: 1200 offered a window.
    const times = Array.from({ length: 12_000 }, (_, i) => i * 50);
    const { admitted } = offer(times, window);
    expect(mostInAnyWindow(admitted, window.windowMs).most).toBe(100);
    expect(admitted.length).toBeGreaterThanOrEqual(10 * window.limit * (1 - 1 / SUB_WINDOWS));
    // And in every whole window after the first, too.
    for (let from = 60_000; from + 60_000 <= 600_000; from += 60_000) {
      expect(countIn(admitted, from - 1, from + 60_000 - 1)).toBeGreaterThanOrEqual(window.limit * (1 - 1 / SUB_WINDOWS));
    }
  });

  it("keeps counting when the clock steps back", () => {
    const { clock, limiter } = clocked(100_000);
    const window = { limit: 5, windowMs: 1000 };
    for (let i = 0; i < 5; i++) expect(limiter.limit("k", window).success).toBe(true);
    clock.now = 10_000;
    expect(limiter.limit("k", window).success).toBe(false);
    clock.now = 101_049;
    expect(limiter.limit("k", window).success).toBe(false);
    clock.now = 101_050;
    expect(limiter.limit("k", window).success).toBe(true);
  });
});
