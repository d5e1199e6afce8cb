import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import type { UsageRecord } from "../context";
import { encodeUsage } from "../usage-queue";
import { decodeUsage, startUsageDrain } from "./usage-drain";
import { usageRecord } from "@/test/harness/usage-records";
import { captureLogs } from "@/test/harness/logs";

// An Edge gateway's call of an API key's application (no user), as queued.
const event = usageRecord({ at: new Date("2026-01-02T03:04:05.678Z"), applicationId: null, userId: null, gatewayId: "edge:abcdef12" });

/** An in-memory Redis list with LPOP count semantics. */
function fakeQueue(entries: string[]) {
  const calls: number[] = [];
  return {
    calls,
    entries,
    lpop: async (_key: string, count: number) => {
      calls.push(count);
      const taken = entries.splice(0, count);
      return taken.length ? taken : null;
    },
  };
}

describe("usage events from Edge gateways", () => {
  afterEach(() => vi.restoreAllMocks());

  it("round-trip through JSON with `at` a Date again", () => {
    const decoded = decodeUsage(encodeUsage(event));
    expect(decoded).toEqual(event);
    expect(decoded!.at).toBeInstanceOf(Date);
  });

  it("count as one call each when queued without a count (by a gateway of an earlier version)", () => {
    const withoutCalls: Partial<UsageRecord> = { ...event };
    delete withoutCalls.calls;
    expect(decodeUsage(JSON.stringify(withoutCalls))).toEqual(event);
    expect(decodeUsage(JSON.stringify({ ...event, calls: 0 }))).toBeNull();
  });

  it("are refused when malformed, so they cannot fail a database batch", () => {
    expect(decodeUsage("not json")).toBeNull();
    expect(decodeUsage(JSON.stringify({ ...event, apiId: "not-a-uuid" }))).toBeNull();
    expect(decodeUsage(JSON.stringify({ ...event, keyType: "OTHER" }))).toBeNull();
    expect(decodeUsage(JSON.stringify({ ...event, at: "yesterday" }))).toBeNull();
  });

  it("are drained batch after batch until the list is empty, skipping bad entries", async () => {
    const logs = captureLogs();
    onTestFinished(logs.restore);
    const queue = fakeQueue([...Array.from({ length: 5 }, () => encodeUsage(event)), "garbage"]);
    const recorded: UsageRecord[] = [];
    const drain = startUsageDrain(queue, "k", (e) => recorded.push(e), { everyMs: 60_000, batchSize: 2 });
    await drain.drain();
    expect(recorded).toHaveLength(5);
    expect(queue.entries).toEqual([]);
    expect(queue.calls).toEqual([2, 2, 2, 2]);
    await drain.stop();
  });

  it("survive a failing store: the drain logs and tries again next time", async () => {
    const logs = captureLogs();
    onTestFinished(logs.restore);
    let fail = true;
    const entries = [encodeUsage(event)];
    const recorded: UsageRecord[] = [];
    const drain = startUsageDrain(
      { lpop: async (_key, count) => (fail ? Promise.reject(new Error("down")) : entries.splice(0, count)) },
      "k",
      (e) => recorded.push(e),
      { everyMs: 60_000 },
    );
    await drain.drain();
    expect(logs.at("error")).not.toHaveLength(0);
    fail = false;
    await drain.drain();
    expect(recorded).toHaveLength(1);
    await drain.stop();
  });
});
