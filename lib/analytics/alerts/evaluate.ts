import "server-only";
import { and, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { Database, Tx } from "@/db/client";
import { alertRules, alerts, apis, usageRollups } from "@/db/schema";
import { percentile } from "../histogram";
import { ANALYTICS_LOCK_NAMESPACE, LOCK_KEYS } from "../rollup";
import { sliceIs } from "../scope";
import { histogramSum, queryRows } from "../sql";
import type { AlertKind } from "./rules";
import { postWebhook, type WebhookResult } from "./webhook";
import { logger } from "@/lib/observability/log-core";

const log = logger("analytics");

const MINUTE = 60_000;
/**
 * Windows end this many whole minutes before now: events reach the minute roll-ups within about a
 * minute (gateway batching plus the 30 s roll-up), so the newest minutes are not yet complete.
 */
export const SETTLE_MINUTES = 2;

export type AlertChange = {
  type: "alert.fired" | "alert.resolved";
  alertId: string;
  rule: { id: string; kind: AlertKind; threshold: number; windowMinutes: number };
  api: { id: string; name: string; version: string; context: string };
  value: number;
  window: { from: string; to: string };
  at: string;
  webhookUrl: string | null;
};

type Rule = Awaited<ReturnType<typeof enabledRules>>[number];

function enabledRules(tx: Tx) {
  return tx
    .select({
      id: alertRules.id,
      kind: alertRules.kind,
      threshold: alertRules.threshold,
      windowMinutes: alertRules.windowMinutes,
      webhookUrl: alertRules.webhookUrl,
      apiId: apis.id,
      apiName: apis.name,
      apiVersion: apis.version,
      context: apis.context,
    })
    .from(alertRules)
    .innerJoin(apis, eq(apis.id, alertRules.apiId))
    .where(eq(alertRules.enabled, true));
}

async function windowMeasures(tx: Tx, apiId: string, from: Date, to: Date) {
  const [row] = await tx
    .select({
      calls: sql<number>`coalesce(sum(${usageRollups.calls}), 0)`.mapWith(Number),
      errors: sql<number>`coalesce(sum(${usageRollups.clientErrors} + ${usageRollups.serverErrors}), 0)`.mapWith(Number),
      histogram: histogramSum(sql`${usageRollups.latencyHistogram}`),
    })
    .from(usageRollups)
    .where(
      and(
        eq(usageRollups.granularity, "minute"),
        sliceIs("api"),
        eq(usageRollups.apiId, apiId),
        gte(usageRollups.bucket, from),
        lt(usageRollups.bucket, to),
      ),
    );
  return row;
}

/** The rule's measure over the window, and whether it breaches the threshold. Null: nothing to judge (no traffic). */
async function measure(tx: Tx, rule: Rule, from: Date, to: Date): Promise<{ value: number; firing: boolean } | null> {
  const current = await windowMeasures(tx, rule.apiId, from, to);
  if (rule.kind === "TRAFFIC_DROP") {
    const previous = await windowMeasures(tx, rule.apiId, new Date(from.getTime() - rule.windowMinutes * MINUTE), from);
    if (previous.calls === 0) return null;
    const drop = Math.max(0, ((previous.calls - current.calls) / previous.calls) * 100);
    return { value: drop, firing: drop > rule.threshold };
  }
  if (current.calls === 0) return null;
  if (rule.kind === "ERROR_RATE") {
    const rate = (current.errors / current.calls) * 100;
    return { value: rate, firing: rate > rule.threshold };
  }
  const p95 = percentile(current.histogram, 0.95) ?? 0;
  return { value: p95, firing: p95 > rule.threshold };
}

export type EvaluateOptions = {
  now?: Date;
  allowPrivate: boolean;
  /** Delivers a change to a webhook; default: POST JSON with a 5 s timeout. */
  deliver?: (url: string, change: AlertChange) => Promise<WebhookResult>;
};

/**
 * Evaluates every enabled rule over its window of minute roll-ups: raises an alert when a rule starts
 * breaching, resolves it when it stops (one open alert per rule at a time), then calls the rules'
 * webhooks for what changed, after the commit. One process at a time (advisory lock).
 */
export async function evaluateAlerts(db: Database, options: EvaluateOptions): Promise<AlertChange[]> {
  const now = options.now ?? new Date();
  const end = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE - SETTLE_MINUTES * MINUTE);
  const changes = await db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${sql.raw(String(ANALYTICS_LOCK_NAMESPACE))}, ${sql.raw(String(LOCK_KEYS.alerts))}) as locked`,
    );
    if (!lock?.locked) return [];
    const found: AlertChange[] = [];
    for (const rule of await enabledRules(tx)) {
      const start = new Date(end.getTime() - rule.windowMinutes * MINUTE);
      const result = await measure(tx, rule, start, end);
      const [open] = await tx.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.ruleId, rule.id), isNull(alerts.resolvedAt))).limit(1);
      const base = {
        rule: { id: rule.id, kind: rule.kind, threshold: rule.threshold, windowMinutes: rule.windowMinutes },
        api: { id: rule.apiId, name: rule.apiName, version: rule.apiVersion, context: rule.context },
        window: { from: start.toISOString(), to: end.toISOString() },
        at: now.toISOString(),
        webhookUrl: rule.webhookUrl,
      };
      if (result?.firing && !open) {
        const [row] = await tx.insert(alerts).values({ ruleId: rule.id, value: result.value, firedAt: now }).returning({ id: alerts.id });
        found.push({ type: "alert.fired", alertId: row.id, value: result.value, ...base });
      } else if (!result?.firing && open) {
        await tx.update(alerts).set({ resolvedAt: now }).where(eq(alerts.id, open.id));
        found.push({ type: "alert.resolved", alertId: open.id, value: result?.value ?? 0, ...base });
      }
    }
    return found;
  });
  const deliver = options.deliver ?? ((url, change) => postWebhook(url, webhookBody(change), { allowPrivate: options.allowPrivate }));
  await Promise.all(
    changes.map(async (change) => {
      if (!change.webhookUrl) return;
      const result = await deliver(change.webhookUrl, change);
      if (!result.ok) log.error({ rule: change.rule.id, reason: result.error }, "alert webhook failed");
    }),
  );
  return changes;
}

/** The JSON a webhook receives: what happened, to which API, the measured value and the rule. */
export function webhookBody(change: AlertChange): Omit<AlertChange, "webhookUrl"> {
  return { type: change.type, alertId: change.alertId, rule: change.rule, api: change.api, value: change.value, window: change.window, at: change.at };
}
