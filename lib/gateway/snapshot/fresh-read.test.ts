import { describe, expect, it } from "vitest";
import { freshRead } from "./fresh-read";

describe("freshRead", () => {
  it("answers each caller with a read that started after its call, one read in flight however many ask", async () => {
    let started = 0;
    let inFlight = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const read = freshRead(async () => {
      const n = ++started;
      most = Math.max(most, ++inFlight);
      await new Promise<void>((resolve) => releases.push(resolve));
      inFlight--;
      return n;
    });
    const first = read();
    // Arrive while read 1 runs: they share read 2, which starts once read 1 ends.
    const waiting = Array.from({ length: 50 }, () => read());
    expect(started).toBe(1);
    releases.shift()!();
    expect(await first).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toBe(2);
    releases.shift()!();
    expect(new Set(await Promise.all(waiting))).toEqual(new Set([2]));
    expect(most).toBe(1);
  });

  it("starts again after a failed read, and passes the failure to its own callers only", async () => {
    let calls = 0;
    const read = freshRead(async () => {
      calls++;
      if (calls === 1) throw new Error("down");
      return calls;
    });
    const failing = read();
    const next = read();
    await expect(failing).rejects.toThrow("down");
    expect(await next).toBe(2);
  });
});
