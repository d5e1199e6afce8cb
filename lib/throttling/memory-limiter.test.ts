import { describe, expect, it } from "vitest";
import { MemoryLimiter } from "./memory-limiter";

describe("MemoryLimiter", () => {
  it("admits up to the limit in a window, then refuses until it slides", async () => {
    let now = 1_000_000;
    const limiter = new MemoryLimiter(() => now);
    const window = { limit: 3, windowMs: 1000 };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit("k", window));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    // Half-way into the next window half of the previous count still weighs.
    now += 1500;
    expect((await limiter.limit("k", window)).success).toBe(true);
    expect((await limiter.limit("k", window)).success).toBe(true);
    expect((await limiter.limit("k", window)).success).toBe(false);
    now += 2000;
    expect((await limiter.limit("k", window)).remaining).toBe(2);
  });

  it("keeps keys apart", async () => {
    const limiter = new MemoryLimiter(() => 0);
    const window = { limit: 1, windowMs: 1000 };
    expect((await limiter.limit("a", window)).success).toBe(true);
    expect((await limiter.limit("b", window)).success).toBe(true);
    expect((await limiter.limit("a", window)).success).toBe(false);
  });

  it("counts a key apart per window length", () => {
    const limiter = new MemoryLimiter(() => 0);
    expect(limiter.limit("k", { limit: 1, windowMs: 1000 }).success).toBe(true);
    expect(limiter.limit("k", { limit: 1, windowMs: 60_000 }).success).toBe(true);
    expect(limiter.limit("k", { limit: 1, windowMs: 1000 }).success).toBe(false);
  });

  it("forgets keys once their windows no longer weigh, so memory does not grow with every caller seen", () => {
    let now = 0;
    const limiter = new MemoryLimiter(() => now);
    const window = { limit: 10, windowMs: 1000 };
    for (let i = 0; i < 100; i++) limiter.limit(`caller-${i}`, window);
    limiter.limit("other-length", { limit: 10, windowMs: 60_000 });
    expect(limiter.size).toBe(101);
    // One window on, the previous window still weighs: nothing goes.
    now = 1500;
    limiter.limit("caller-0", window);
    expect(limiter.size).toBe(101);
    // Two windows on, only the key counted since stays (and the minute-long window's).
    now = 2600;
    limiter.limit("caller-0", window);
    expect(limiter.size).toBe(2);
    expect(limiter.limit("caller-1", window).remaining).toBe(9);
  });
});
