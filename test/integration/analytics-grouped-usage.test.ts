import { expect, it } from "vitest";
import { faultsByCode } from "@/lib/analytics/faults";
import { rollUpUsage } from "@/lib/analytics/rollup";
import { usageByApplication, usageByResource } from "@/lib/analytics/usage-breakdowns";
import { usageOverTime, usageTotals } from "@/lib/analytics/usage-totals";
import type { UsageFigures } from "@/lib/analytics/aggregates";
import type { UsageRecord } from "@/lib/gateway/context";
import { UsageGroups } from "@/lib/gateway/usage-groups";
import { describeEachDatabase } from "@/test/harness/databases";
import { createOrganization, createUser, ctxFor } from "@/test/harness/factories";
import { createApp, createOrgApi, insertEvents, syntheticEvents } from "./analytics-fixtures";

/** The figures a dashboard shows, averages rounded past what float sums in another order change. */
function figures(row: UsageFigures) {
  const round = (n: number | null) => (n === null ? null : Math.round(n * 1e6) / 1e6);
  return {
    calls: row.calls,
    errors: row.errors,
    clientErrors: row.clientErrors,
    serverErrors: row.serverErrors,
    throttled: row.throttled,
    avgLatencyMs: round(row.avgLatencyMs),
    latency: row.latency,
    avgBackendLatencyMs: round(row.avgBackendLatencyMs),
    backendLatency: row.backendLatency,
    bytesOut: row.bytesOut,
  };
}

describeEachDatabase("analytics of calls added up before they are written", (db) => {
  it("reports exactly what rows of one call each report: totals, percentiles, series, resources, applications, faults", async () => {
    const org = await createOrganization(db());
    const publisher = await createUser(db(), { roles: ["publisher"], organizationId: org });
    const single = await createOrgApi(db(), org);
    const grouped = await createOrgApi(db(), org);
    const apps = [(await createApp(db(), publisher.id)).id, (await createApp(db(), publisher.id)).id];
    // Steady traffic repeats itself: each synthetic call one to five times.
    const base = syntheticEvents({ count: 300, now: new Date(), spanMs: 30 * 60_000, apis: [{ apiId: single.id }], applicationIds: [...apps, null], seed: 11 });
    const everyCall = base.flatMap((event, i) => Array.from({ length: 1 + (i % 5) }, () => event));
    await insertEvents(db(), everyCall);
    const groups = new UsageGroups();
    for (const event of everyCall) groups.add({ ...event, calls: 1, apiId: grouped.id } as UsageRecord);
    const rows = groups.take();
    expect(rows.length).toBeLessThan(everyCall.length / 2);
    await insertEvents(db(), rows);
    await rollUpUsage(db());

    const ctx = ctxFor(db(), publisher);
    for (const range of ["1h", "24h"] as const) {
      const report = async (api: string) => {
        const input = { range, api };
        const [totals, series, resources, applications, faults] = await Promise.all([
          usageTotals({ ctx, audience: "publisher", input }),
          usageOverTime({ ctx, audience: "publisher", input }),
          usageByResource({ ctx, audience: "publisher", input }),
          usageByApplication({ ctx, audience: "publisher", input }),
          faultsByCode({ ctx, audience: "publisher", input }),
        ]);
        return {
          totals: figures(totals),
          series: series.points.map((p) => [p.bucket, p.calls, p.errors, p.throttled, p.p95LatencyMs]),
          resources: resources.rows.map((r) => [r.method, r.resource, figures(r)]).sort(),
          applications: applications.rows.map((r) => [r.applicationId, figures(r)]).sort(),
          faults: faults.rows.map((r) => [r.status, r.errorCode, r.calls]).sort(),
        };
      };
      const expected = await report(single.id);
      expect(expected.totals.calls).toBe(everyCall.length);
      expect(await report(grouped.id)).toEqual(expected);
    }
  });
});
