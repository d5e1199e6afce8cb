import { asc, gte } from "drizzle-orm";
import { expect, it } from "vitest";
import { usageEvents } from "@/db/schema";
import type { UsageRecord } from "@/lib/gateway/context";
import { createUsageRecorder } from "@/lib/gateway/node/usage-recorder";
import { describeEachDatabase } from "@/test/harness/databases";
import { usageRecord } from "@/test/harness/usage-records";

// Every field set: a sandbox call with a body both ways.
const full = usageRecord({
  at: new Date("2026-11-30T10:15:30.123Z"),
  keyType: "SANDBOX",
  latencyMs: 12.75,
  backendLatencyMs: 10.5,
  bytesIn: 17,
  clientIp: "127.0.0.1",
});
// A call that matched nothing: every optional field empty, and text that needs escaping in JSON.
const sparse: UsageRecord = {
  ...full,
  at: new Date("2026-11-30T10:15:31.000Z"),
  apiId: null,
  apiName: null,
  apiVersion: null,
  context: null,
  resource: null,
  method: "DELETE",
  applicationId: null,
  userId: 'o"neil\\\n',
  keyType: null,
  status: 404,
  errorCode: "404",
  backendLatencyMs: null,
  bytesIn: 0,
  bytesOut: 0,
  clientIp: null,
};

describeEachDatabase("the usage recorder", (db) => {
  it("writes every field of every record, in batches, nulls and escapes intact", async () => {
    const recorder = createUsageRecorder(db(), { batchSize: 2, flushEveryMs: 60_000 });
    const records = [full, sparse, { ...full, at: new Date("2026-11-30T10:15:32.000Z"), status: 429, errorCode: "900804" }];
    for (const record of records) recorder.record(record);
    await recorder.stop();
    const rows = await db().select().from(usageEvents).orderBy(asc(usageEvents.at));
    expect(rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => key !== "id")))).toEqual(records);
    expect(recorder.stats()).toEqual({ buffered: 0, dropped: 0 });
  });

  it("writes calls of one kind in one minute as one row that counts them", async () => {
    const recorder = createUsageRecorder(db(), { flushEveryMs: 60_000 });
    const at = (second: number) => new Date(Date.UTC(2026, 10, 30, 11, 20, second));
    // Three alike (12.75, 13 and 14 ms fall in one histogram bucket), one slower, one a minute later.
    recorder.record({ ...full, at: at(10), latencyMs: 12.75 });
    recorder.record({ ...full, at: at(20), latencyMs: 13 });
    recorder.record({ ...full, at: at(15), latencyMs: 14 });
    recorder.record({ ...full, at: at(30), latencyMs: 40 });
    recorder.record({ ...full, at: new Date("2026-11-30T11:21:05.000Z") });
    expect(recorder.stats().buffered).toBe(3);
    await recorder.stop();
    const rows = await db().select().from(usageEvents).where(gte(usageEvents.at, at(0))).orderBy(asc(usageEvents.at));
    expect(rows.map((r) => [r.calls, r.at.toISOString(), r.latencyMs, r.backendLatencyMs, r.bytesIn, r.bytesOut])).toEqual([
      [3, at(20).toISOString(), 39.75, 31.5, 51, 3072],
      [1, at(30).toISOString(), 40, 10.5, 17, 1024],
      [1, "2026-11-30T11:21:05.000Z", 12.75, 10.5, 17, 1024],
    ]);
  });

  it("drops the oldest rows past its bound, and counts the calls it dropped", async () => {
    const recorder = createUsageRecorder(db(), { flushEveryMs: 60_000, maxBuffered: 2 });
    recorder.record({ ...full, calls: 4, latencyMs: 4 * 12.75, status: 201 });
    recorder.record({ ...full, status: 202 });
    recorder.record({ ...full, status: 203 });
    expect(recorder.stats()).toEqual({ buffered: 2, dropped: 4 });
    await recorder.stop();
  });
});
