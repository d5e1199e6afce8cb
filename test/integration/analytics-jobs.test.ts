import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { alerts, auditLog, subscriptions, usageEvents, usageRollups } from "@/db/schema";
import { evaluateAlerts } from "@/lib/analytics/alerts/evaluate";
import { listAlerts } from "@/lib/analytics/alerts/list-alerts";
import { createAlertRule, deleteAlertRule, listAlertRules, updateAlertRule } from "@/lib/analytics/alerts/rules";
import { postWebhook } from "@/lib/analytics/alerts/webhook";
import { startAnalyticsJobs } from "@/lib/analytics/jobs";
import { purgeUsage } from "@/lib/analytics/retention";
import { rollUpUsage } from "@/lib/analytics/rollup";
import { subscriptionsOverTime } from "@/lib/analytics/subscriptions-over-time";
import { usageTotals } from "@/lib/analytics/usage-totals";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";
import { updatePlatformSettings } from "@/lib/users/platform-settings";
import { describeEachDatabase } from "@/test/harness/databases";
import { createOrganization, createUser, ctxFor } from "@/test/harness/factories";
import { eventually } from "@/test/harness/gateway-fixtures";
import { createApp, createOrgApi, insertEvents, rawTotals, syntheticEvents } from "./analytics-fixtures";

const MINUTE = 60_000;

type Hook = { url: string; received: { body: Record<string, unknown>; contentType?: string }[]; close: () => Promise<void> };

async function startHook(): Promise<Hook> {
  const received: Hook["received"] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ body: JSON.parse(body) as Record<string, unknown>, contentType: req.headers["content-type"] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `count` calls to one API in the given minute, `errors` of them 500s, each taking `latencyMs`. */
function calls(apiId: string, at: Date, count: number, errors = 0, latencyMs = 20) {
  return Array.from({ length: count }, (_, i) => ({
    at,
    apiId,
    method: "GET",
    status: i < errors ? 500 : 200,
    latencyMs,
    backendLatencyMs: latencyMs / 2,
  }));
}

describeEachDatabase("analytics: alerts, retention and the periodic jobs", (db) => {
  let hook: Hook;
  let publisher: Actor, creator: Actor, subscriber: Actor, outsider: Actor;
  let apiId: string, otherApiId: string;

  beforeAll(async () => {
    hook = await startHook();
    const org = await createOrganization(db());
    publisher = await createUser(db(), { roles: ["publisher"], organizationId: org });
    creator = await createUser(db(), { roles: ["creator"], organizationId: org });
    subscriber = await createUser(db(), { roles: ["subscriber"], organizationId: org });
    outsider = await createUser(db(), { roles: ["publisher"], organizationId: await createOrganization(db()) });
    apiId = (await createOrgApi(db(), org)).id;
    otherApiId = (await createOrgApi(db(), await createOrganization(db()))).id;
  });
  afterAll(() => hook?.close());

  it("manages alert rules for publishers only, on their own organization's APIs, audited", async () => {
    const input = { apiId, kind: "ERROR_RATE", threshold: "20", windowMinutes: "5", webhookUrl: hook.url };
    await expect(createAlertRule({ ctx: ctxFor(db(), creator), input })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createAlertRule({ ctx: ctxFor(db(), subscriber), input })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createAlertRule({ ctx: ctxFor(db(), publisher), input: { ...input, apiId: otherApiId } })).rejects.toBeInstanceOf(ValidationError);
    await expect(createAlertRule({ ctx: ctxFor(db(), publisher), input: { ...input, threshold: "150" } })).rejects.toBeInstanceOf(ValidationError);
    const rule = await createAlertRule({ ctx: ctxFor(db(), publisher), input });
    expect(rule).toMatchObject({ apiId, kind: "ERROR_RATE", threshold: 20, windowMinutes: 5, enabled: true, webhookUrl: hook.url });
    expect((await listAlertRules({ ctx: ctxFor(db(), outsider) })).map((r) => r.id)).not.toContain(rule.id);
    await expect(updateAlertRule({ ctx: ctxFor(db(), outsider), ruleId: rule.id, input: { enabled: "false" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateAlertRule({ ctx: ctxFor(db(), creator), ruleId: rule.id, input: { enabled: "false" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteAlertRule({ ctx: ctxFor(db(), subscriber), ruleId: rule.id })).rejects.toBeInstanceOf(ForbiddenError);
    const disabled = await updateAlertRule({ ctx: ctxFor(db(), publisher), ruleId: rule.id, input: { enabled: false } });
    expect(disabled).toMatchObject({ enabled: false, threshold: 20, webhookUrl: hook.url });
    await deleteAlertRule({ ctx: ctxFor(db(), publisher), ruleId: rule.id });
    const audit = await db().select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, rule.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["alert_rule.create", "alert_rule.delete", "alert_rule.update"]);
  });

  it("fires an alert once while a rule breaches, calls its webhook, and resolves it when the breach ends", async () => {
    const now = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 30_000);
    const errorRate = await createAlertRule({ ctx: ctxFor(db(), publisher), input: { apiId, kind: "ERROR_RATE", threshold: 20, windowMinutes: 5, webhookUrl: hook.url } });
    const latency = await createAlertRule({ ctx: ctxFor(db(), publisher), input: { apiId, kind: "P95_LATENCY", threshold: 500, windowMinutes: 5 } });
    const drop = await createAlertRule({ ctx: ctxFor(db(), publisher), input: { apiId, kind: "TRAFFIC_DROP", threshold: 50, windowMinutes: 5 } });
    // The previous window was busy; the current one (ending two minutes ago) has fewer calls, half of them failing.
    await insertEvents(db(), calls(apiId, new Date(now.getTime() - 9 * MINUTE), 100));
    await insertEvents(db(), calls(apiId, new Date(now.getTime() - 4 * MINUTE), 20, 10));
    await rollUpUsage(db());

    const fired = await evaluateAlerts(db(), { now, allowPrivate: true });
    expect(fired.map((c) => `${c.type} ${c.rule.kind}`).sort()).toEqual(["alert.fired ERROR_RATE", "alert.fired TRAFFIC_DROP"]);
    expect(fired.find((c) => c.rule.id === errorRate.id)?.value).toBe(50);
    expect(fired.find((c) => c.rule.id === drop.id)?.value).toBe(80);
    await eventually(async () => expect(hook.received).toHaveLength(1));
    expect(hook.received[0].contentType).toBe("application/json");
    expect(hook.received[0].body).toMatchObject({ type: "alert.fired", value: 50, api: { id: apiId }, rule: { id: errorRate.id, kind: "ERROR_RATE", threshold: 20 } });
    expect(hook.received[0].body).not.toHaveProperty("webhookUrl");
    expect(await evaluateAlerts(db(), { now, allowPrivate: true })).toEqual([]);

    const open = await listAlerts({ ctx: ctxFor(db(), publisher), input: { status: "open" } });
    expect(open.open).toBe(2);
    expect((await listAlerts({ ctx: ctxFor(db(), outsider) })).alerts).toEqual([]);
    await expect(listAlerts({ ctx: ctxFor(db(), subscriber) })).rejects.toBeInstanceOf(ForbiddenError);

    const later = new Date(now.getTime() + 20 * MINUTE);
    const resolved = await evaluateAlerts(db(), { now: later, allowPrivate: true });
    expect(resolved.map((c) => `${c.type} ${c.rule.kind}`).sort()).toEqual(["alert.resolved ERROR_RATE", "alert.resolved TRAFFIC_DROP"]);
    await eventually(async () => expect(hook.received.map((r) => r.body.type)).toEqual(["alert.fired", "alert.resolved"]));
    const stored = await db().select().from(alerts);
    expect(stored.every((a) => a.resolvedAt !== null)).toBe(true);
    expect(stored.map((a) => a.ruleId)).not.toContain(latency.id);

    // Slow calls breach the latency rule.
    await insertEvents(db(), calls(apiId, new Date(later.getTime() - 3 * MINUTE), 30, 0, 900));
    await rollUpUsage(db());
    const slow = await evaluateAlerts(db(), { now: later, allowPrivate: true });
    expect(slow.map((c) => `${c.type} ${c.rule.kind}`)).toEqual(["alert.fired P95_LATENCY"]);
    expect(slow[0].value).toBeGreaterThan(500);
  });

  it("refuses a webhook on a private address unless private endpoints are allowed", async () => {
    const before = hook.received.length;
    const refused = await postWebhook(hook.url, { ping: true }, { allowPrivate: false });
    expect(refused).toMatchObject({ ok: false });
    expect(hook.received).toHaveLength(before);
    expect(await postWebhook(hook.url, { ping: true }, { allowPrivate: true })).toEqual({ ok: true, status: 204 });
    await expect(createAlertRule({ ctx: ctxFor(db(), publisher), input: { apiId, kind: "ERROR_RATE", threshold: 5, webhookUrl: "ftp://example.test/x" } })).rejects.toBeInstanceOf(ValidationError);
  });

  it("rolls up safely when two runs race, and counts each event once", async () => {
    await insertEvents(db(), syntheticEvents({ count: 1200, now: new Date(), spanMs: 3 * 3600_000, apis: [{ apiId }], applicationIds: [null], seed: 7 }));
    await Promise.all([rollUpUsage(db(), { batchSize: 300 }), rollUpUsage(db(), { batchSize: 300 })]);
    await rollUpUsage(db());
    const [rolled] = await db()
      .select({ n: sql<number>`sum(${usageRollups.calls})`.mapWith(Number) })
      .from(usageRollups)
      .where(and(eq(usageRollups.granularity, "hour"), eq(usageRollups.resource, "*"), eq(usageRollups.applicationId, "*")));
    expect(rolled.n).toBe((await rawTotals(db(), undefined)).calls);
  });

  it("counts subscriptions over time for the publisher's own APIs", async () => {
    const owner = await createUser(db());
    const apps = [await createApp(db(), owner.id), await createApp(db(), owner.id)];
    await db().insert(subscriptions).values(apps.map((app) => ({ applicationId: app.id, apiId, throttlingTier: "Unlimited" })));
    await db().insert(subscriptions).values({ applicationId: apps[0].id, apiId: otherApiId, throttlingTier: "Unlimited" });
    const report = await subscriptionsOverTime({ ctx: ctxFor(db(), publisher), input: { range: "24h" } });
    expect(report.points.reduce((sum, p) => sum + p.created, 0)).toBe(2);
    expect(report.byApi).toEqual([expect.objectContaining({ apiId, total: 2, createdInRange: 2 })]);
    await expect(subscriptionsOverTime({ ctx: ctxFor(db(), subscriber), input: {} })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("purges raw events and fine roll-ups past their retention, keeping what dashboards still need", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    const old = new Date(Date.now() - 10 * 86_400_000);
    const ancient = new Date(Date.now() - 40 * 86_400_000);
    await insertEvents(db(), [...calls(apiId, old, 5), ...calls(apiId, ancient, 3)]);
    const unrolled = await purgeUsage(db());
    expect(unrolled).toMatchObject({ skipped: false });
    // Not yet rolled up: the old events stay.
    expect((await rawTotals(db(), sql`${usageEvents.at} < ${new Date(Date.now() - 7 * 86_400_000).toISOString()}::timestamptz`)).calls).toBe(8);
    await rollUpUsage(db());
    const purged = await purgeUsage(db());
    expect(purged).toMatchObject({ skipped: false, events: 8, hour: 0, day: 0 });
    if (!purged.skipped) expect(purged.minute).toBeGreaterThan(0);
    const kept = await usageTotals({ ctx: ctxFor(db(), admin), audience: "platform", input: { range: "custom", from: new Date(ancient.getTime() - 86_400_000).toISOString(), to: new Date(old.getTime() + 86_400_000).toISOString() } });
    expect(kept.calls).toBe(8);
    expect(kept.range.granularity).toBe("day");

    await updatePlatformSettings({ ctx: ctxFor(db(), admin), input: { analyticsRetentionDays: 30 } });
    const shorter = await purgeUsage(db());
    expect(shorter).toMatchObject({ skipped: false, events: 0 });
    if (!shorter.skipped) expect(shorter.day).toBeGreaterThan(0);
    const after = await usageTotals({ ctx: ctxFor(db(), admin), audience: "platform", input: { range: "custom", from: new Date(ancient.getTime() - 86_400_000).toISOString(), to: new Date(old.getTime() + 86_400_000).toISOString() } });
    expect(after.calls).toBe(5);
  });

  it("runs the roll-up on a timer once the newest events have settled", async () => {
    const stop = startAnalyticsJobs(db(), { rollupEveryMs: 100, settleMs: 200, alertsEveryMs: 60_000, purgeEveryMs: 86_400_000 });
    try {
      await insertEvents(db(), calls(apiId, new Date(), 7));
      const [{ id }] = await db().select({ id: sql<number>`max(${usageEvents.id})`.mapWith(Number) }).from(usageEvents);
      await eventually(async () => {
        const cursor = await db().execute(sql`select min(last_event_id) as n from rollup_cursors`);
        expect(Number((cursor as unknown as { rows: { n: string }[] }).rows[0].n)).toBeGreaterThanOrEqual(id);
      }, 10_000);
    } finally {
      await stop();
    }
  });
});
