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
});
