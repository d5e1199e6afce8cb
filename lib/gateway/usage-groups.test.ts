import { describe, expect, it } from "vitest";
import type { UsageRecord } from "./context";
import { UsageGroups } from "./usage-groups";
import { usageRecord } from "@/test/harness/usage-records";

const call = usageRecord();

describe("usage groups", () => {
  it("add up calls alike: calls, latency and byte sums, the latest time", () => {
    const groups = new UsageGroups();
    groups.add(call);
    groups.add({ ...call, at: new Date("2026-12-02T10:00:40.000Z"), latencyMs: 4.5, backendLatencyMs: 4, bytesIn: 10 });
    groups.add({ ...call, at: new Date("2026-12-02T10:00:20.000Z"), latencyMs: 3.25, backendLatencyMs: 3 });
    expect(groups.take()).toEqual([
      { ...call, calls: 3, at: new Date("2026-12-02T10:00:40.000Z"), latencyMs: 11.75, backendLatencyMs: 10.5, bytesIn: 10, bytesOut: 3072 },
    ]);
    expect(groups.size).toBe(0);
  });

  it("keep apart what the analytics tell apart", () => {
    const groups = new UsageGroups();
    const variants: Partial<UsageRecord>[] = [
      {},
      { at: new Date("2026-12-02T10:01:00.000Z") }, // the next minute
      { latencyMs: 5.5 }, // the next latency bucket
      { backendLatencyMs: 1 }, // another backend bucket
      { backendLatencyMs: null, status: 401, errorCode: "900902" },
      { status: 404, errorCode: "404" },
      { applicationId: null },
      { userId: "null" }, // a string, not the absent user
      { userId: null },
      { keyType: "SANDBOX" },
      { resource: "GET /order/{id}" },
      { method: "HEAD" },
      { apiVersion: "2.0.0" },
      { clientIp: "203.0.113.10" },
      { gatewayId: "host:2:embedded" },
    ];
    for (const variant of variants) groups.add({ ...call, ...variant });
    for (const variant of variants) groups.add({ ...call, ...variant });
    const rows = groups.take();
    expect(rows).toHaveLength(variants.length);
    expect(rows.every((row) => row.calls === 2)).toBe(true);
  });

  it("merge groups added up elsewhere (the gateway thread's) by their mean latency", () => {
    const groups = new UsageGroups();
    groups.add({ ...call, calls: 10, latencyMs: 40, backendLatencyMs: 35 });
    groups.add(call);
    groups.add({ ...call, backendLatencyMs: null, status: 502, errorCode: "101503" });
    groups.add({ ...call, calls: 2, backendLatencyMs: null, latencyMs: 7, status: 502, errorCode: "101503" });
    expect(groups.take().map((g) => [g.calls, g.latencyMs, g.backendLatencyMs])).toEqual([
      [11, 44, 38.5],
      [3, 11, null],
    ]);
  });

  it("drop the group that waited longest first", () => {
    const groups = new UsageGroups();
    groups.add({ ...call, status: 201 });
    groups.add({ ...call, status: 202 });
    expect(groups.dropOldest()?.status).toBe(201);
    expect(groups.take().map((g) => g.status)).toEqual([202]);
    expect(groups.dropOldest()).toBeUndefined();
  });
});
