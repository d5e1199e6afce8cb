import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { rollupCursors, usageEvents, usageRollups } from "@/db/schema";
import { faultsByCode } from "@/lib/analytics/faults";
import { bucketIndex } from "@/lib/analytics/histogram";
import { lastAccessPerApi } from "@/lib/analytics/last-access";
import { NO_API_ID, rollUpUsage } from "@/lib/analytics/rollup";
import { usageByApi, usageByApplication, usageByResource } from "@/lib/analytics/usage-breakdowns";
import { usageOverTime, usageTotals } from "@/lib/analytics/usage-totals";
import { ForbiddenError, UnauthorizedError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";
import { describeEachDatabase } from "@/test/harness/databases";
import { createOrganization, createUser, ctxFor } from "@/test/harness/factories";
import { createApp, createOrgApi, inApis, inApps, insertEvents, rawPercentile, rawTotals, rawWhere, syntheticEvents, type SyntheticTarget } from "./analytics-fixtures";

const RANGES = ["1h", "24h", "7d", "30d"] as const;

describeEachDatabase("analytics: roll-ups and dashboards", (db) => {
  const now = new Date();
  let admin: Actor, publisherA: Actor, creatorA: Actor, publisherB: Actor, subscriber: Actor, otherSubscriber: Actor;
  let orgA: { apis: string[] }, orgB: { apis: string[] }, mine: string[], theirs: string[];

  beforeAll(async () => {
    const a = await createOrganization(db());
    const b = await createOrganization(db());
    admin = await createUser(db(), { roles: ["admin", "publisher"], organizationId: a });
    publisherA = await createUser(db(), { roles: ["publisher"], organizationId: a });
    creatorA = await createUser(db(), { roles: ["creator"], organizationId: a });
    publisherB = await createUser(db(), { roles: ["publisher"], organizationId: b });
    subscriber = await createUser(db(), { roles: ["subscriber"] });
    otherSubscriber = await createUser(db(), { roles: ["subscriber"] });
    orgA = { apis: [(await createOrgApi(db(), a)).id, (await createOrgApi(db(), a)).id] };
    orgB = { apis: [(await createOrgApi(db(), b)).id] };
    mine = [(await createApp(db(), subscriber.id)).id, (await createApp(db(), subscriber.id)).id];
    theirs = [(await createApp(db(), otherSubscriber.id)).id];
    const targets: SyntheticTarget[] = [...orgA.apis, ...orgB.apis, null].map((apiId) => ({ apiId }));
    const applicationIds = [...mine, ...theirs, null];
    // Most traffic in the last five hours (minute roll-ups), the rest over 25 days (hour and day roll-ups).
    await insertEvents(db(), syntheticEvents({ count: 2500, now, spanMs: 5 * 3600_000, apis: targets, applicationIds, seed: 1 }));
    await insertEvents(db(), syntheticEvents({ count: 1500, now, spanMs: 25 * 86_400_000, apis: targets, applicationIds, seed: 2 }));
  }, 120_000);

  it("rolls every event up once per granularity, and a second run changes nothing", async () => {
    const steps = await rollUpUsage(db(), { batchSize: 1500 });
    expect(steps.filter((s) => s.granularity === "minute").length).toBeGreaterThan(1);
    const cursors = await db().select().from(rollupCursors);
    const [{ maxId }] = await db().select({ maxId: sql<number>`max(${usageEvents.id})`.mapWith(Number) }).from(usageEvents);
    expect(cursors.map((c) => c.lastEventId)).toEqual([maxId, maxId, maxId]);

    const sums = async () =>
      db()
        .select({
          granularity: usageRollups.granularity,
          slice: sql<string>`case when ${usageRollups.applicationId} <> '*' then 'application' when ${usageRollups.resource} <> '*' then 'resource' else 'api' end`,
          calls: sql<number>`sum(${usageRollups.calls})`.mapWith(Number),
        })
        .from(usageRollups)
        .groupBy(sql`1, 2`)
        .orderBy(sql`1, 2`);
    const first = await sums();
    // Three granularities, each with its three slices, every one counting every call.
    expect(first.map((r) => r.calls)).toEqual(new Array(9).fill(4000));
    // Only the API slice keeps histograms, also in rows that several batches added to.
    const [withHistograms] = await db()
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(usageRollups)
      .where(sql`${usageRollups.slice} <> 'api' and (cardinality(${usageRollups.latencyHistogram}) > 0 or cardinality(${usageRollups.backendLatencyHistogram}) > 0)`);
    expect(withHistograms.n).toBe(0);
    expect(await rollUpUsage(db())).toEqual([]);
    expect(await sums()).toEqual(first);
  });

  it("answers totals, series and breakdowns equal to SQL over the raw events, for every range and audience", async () => {
    const cases = [
      { actor: admin, audience: "publisher" as const, scope: undefined },
      { actor: admin, audience: "platform" as const, scope: undefined },
      { actor: publisherA, audience: "publisher" as const, scope: inApis(orgA.apis) },
      { actor: creatorA, audience: "publisher" as const, scope: inApis(orgA.apis) },
      { actor: publisherB, audience: "publisher" as const, scope: inApis(orgB.apis) },
      { actor: subscriber, audience: "consumer" as const, scope: inApps(mine) },
      { actor: publisherA, audience: "publisher" as const, scope: and(inApis(orgA.apis), inApps([mine[1]])), filter: { application: mine[1] } },
      { actor: publisherA, audience: "publisher" as const, scope: inApis([orgA.apis[1]]), filter: { api: orgA.apis[1] } },
    ];
    for (const { actor, audience, scope, filter } of cases) {
      for (const range of RANGES) {
        const ctx = ctxFor(db(), actor);
        const input = { range, ...filter };
        const totals = await usageTotals({ ctx, audience, input });
        const where = rawWhere(totals.range, scope);
        const raw = await rawTotals(db(), where);
        const label = `${actor.email} ${audience} ${range}`;
        expect({ label, calls: totals.calls, errors: totals.errors, throttled: totals.throttled, bytes: totals.bytesOut }).toEqual({
          label,
          calls: raw.calls,
          errors: raw.errors,
          throttled: raw.throttled,
          bytes: raw.bytesOut,
        });
        expect((totals.avgLatencyMs ?? 0) * totals.calls).toBeCloseTo(raw.latencySum, 3);
        expect(totals.range.granularity).toBe({ "1h": "minute", "24h": "hour", "7d": "hour", "30d": "day" }[range]);

        const series = await usageOverTime({ ctx, audience, input });
        expect(series.points.reduce((sum, p) => sum + p.calls, 0)).toBe(raw.calls);
        expect(series.points.reduce((sum, p) => sum + p.errors, 0)).toBe(raw.errors);

        const byApplicationOnly = audience === "consumer" || Boolean(filter && "application" in filter);
        const [byApi, byResource, byApp, faults] = await Promise.all([
          usageByApi({ ctx, audience, input }),
          byApplicationOnly ? null : usageByResource({ ctx, audience, input }),
          usageByApplication({ ctx, audience, input }),
          faultsByCode({ ctx, audience, input }),
        ]);
        const rawByApi = await db()
          .select({ apiId: sql<string>`coalesce(${usageEvents.apiId}, ${NO_API_ID}::uuid)`, calls: sql<number>`sum(${usageEvents.calls})`.mapWith(Number) })
          .from(usageEvents)
          .where(where)
          .groupBy(sql`1`);
        expect(Object.fromEntries(byApi.rows.map((r) => [r.apiId, r.calls]))).toEqual(Object.fromEntries(rawByApi.map((r) => [r.apiId, r.calls])));
        if (byResource) expect(byResource.rows.reduce((sum, r) => sum + r.calls, 0)).toBe(raw.calls);
        const rawByApp = await db()
          .select({ app: sql<string>`coalesce(${usageEvents.applicationId}::text, '')`, calls: sql<number>`sum(${usageEvents.calls})`.mapWith(Number) })
          .from(usageEvents)
          .where(where)
          .groupBy(sql`1`);
        expect(Object.fromEntries(byApp.rows.map((r) => [r.applicationId, r.calls]))).toEqual(Object.fromEntries(rawByApp.map((r) => [r.app, r.calls])));
        const rawFaults = await db()
          .select({ key: sql<string>`${usageEvents.status}::text || ':' || coalesce(${usageEvents.errorCode}, '')`, calls: sql<number>`sum(${usageEvents.calls})`.mapWith(Number) })
          .from(usageEvents)
          .where(sql`${where} and ${usageEvents.status} >= 400`)
          .groupBy(sql`1`);
        const faultTotals: Record<string, number> = {};
        for (const row of faults.rows) faultTotals[`${row.status}:${row.errorCode}`] = (faultTotals[`${row.status}:${row.errorCode}`] ?? 0) + row.calls;
        expect(faultTotals).toEqual(Object.fromEntries(rawFaults.map((r) => [r.key, r.calls])));
      }
    }
  });

  it("estimates p50, p95 and p99 within one histogram bucket of the exact values", async () => {
    for (const range of RANGES) {
      const totals = await usageTotals({ ctx: ctxFor(db(), admin), audience: "platform", input: { range } });
      for (const [p, estimate] of [[0.5, totals.latency.p50], [0.95, totals.latency.p95], [0.99, totals.latency.p99]] as const) {
        const exact = await rawPercentile(db(), rawWhere(totals.range, undefined), p);
        expect(exact).not.toBeNull();
        expect(Math.abs(bucketIndex(estimate!) - bucketIndex(exact!))).toBeLessThanOrEqual(1);
      }
    }
  });

  it("keeps each audience to what it may see, even when asked for someone else's API or application", async () => {
    const seen = async (actor: Actor, audience: "publisher" | "consumer", input: Record<string, string> = {}) => {
      const ctx = ctxFor(db(), actor);
      const [apis, apps, faults] = await Promise.all([
        usageByApi({ ctx, audience, input: { range: "30d", ...input } }),
        usageByApplication({ ctx, audience, input: { range: "30d", ...input } }),
        faultsByCode({ ctx, audience, input: { range: "30d", ...input } }),
      ]);
      return { apis: new Set(apis.rows.map((r) => r.apiId)), apps: new Set(apps.rows.map((r) => r.applicationId)), faultApis: new Set(faults.rows.map((r) => r.apiId)) };
    };
    const a = await seen(publisherA, "publisher");
    expect([...a.apis].sort()).toEqual([...orgA.apis].sort());
    expect([...a.faultApis].every((id) => orgA.apis.includes(id))).toBe(true);
    const b = await seen(publisherB, "publisher");
    expect([...b.apis]).toEqual(orgB.apis);
    expect((await seen(publisherA, "publisher", { api: orgB.apis[0] })).apis.size).toBe(0);
    const s = await seen(subscriber, "consumer");
    expect([...s.apps].sort()).toEqual([...mine].sort());
    expect((await seen(subscriber, "consumer", { application: theirs[0] })).apps.size).toBe(0);
    // An admin's own usage page shows only the admin's applications too.
    expect((await seen(admin, "consumer")).apps.size).toBe(0);

    const lastA = await lastAccessPerApi({ ctx: ctxFor(db(), publisherA) });
    expect(lastA.map((r) => r.apiId).sort()).toEqual([...orgA.apis].sort());
    expect(lastA.every((r) => r.lastCallAt !== null)).toBe(true);

    await expect(usageByResource({ ctx: ctxFor(db(), subscriber), audience: "consumer", input: {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(usageTotals({ ctx: ctxFor(db(), subscriber), audience: "publisher", input: {} })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(usageTotals({ ctx: ctxFor(db(), publisherA), audience: "platform", input: {} })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(usageTotals({ ctx: ctxFor(db(), null), audience: "consumer", input: {} })).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("rolls up only new events on the next run, and counts calls no API matched", async () => {
    const [api] = orgA.apis;
    const before = await usageTotals({ ctx: ctxFor(db(), publisherA), audience: "publisher", input: { range: "1h", api } });
    await insertEvents(db(), syntheticEvents({ count: 40, now, spanMs: 60_000, apis: [{ apiId: api }], applicationIds: [mine[0]], seed: 3 }));
    await rollUpUsage(db());
    const after = await usageTotals({ ctx: ctxFor(db(), publisherA), audience: "publisher", input: { range: "1h", api } });
    expect(after.calls - before.calls).toBe(40);
    const unmatched = await db().select({ n: sql<number>`sum(${usageEvents.calls})`.mapWith(Number) }).from(usageEvents).where(isNull(usageEvents.apiId));
    const rolled = await db()
      .select({ n: sql<number>`sum(${usageRollups.calls})`.mapWith(Number) })
      .from(usageRollups)
      .where(sql`${usageRollups.apiId} = ${NO_API_ID} and ${eq(usageRollups.granularity, "day")} and ${usageRollups.resource} = '*' and ${usageRollups.applicationId} = '*'`);
    expect(rolled[0].n).toBe(unmatched[0].n);
  });
});
