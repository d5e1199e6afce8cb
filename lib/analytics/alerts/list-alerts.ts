import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { alertRules, alerts, apis } from "@/db/schema";
import { authorize, can, parseInput, type Ctx } from "@/lib/services/context";
import type { AlertKind } from "./rules";

const ListAlertsInput = z.object({
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["open", "all"]).default("all")),
  page: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(10_000).default(1)),
});

export type AlertDto = {
  id: string;
  ruleId: string;
  apiId: string;
  apiName: string;
  apiVersion: string;
  kind: AlertKind;
  threshold: number;
  windowMinutes: number;
  value: number;
  firedAt: string;
  resolvedAt: string | null;
};

const PAGE_SIZE = 50;

/** Alerts raised on the caller's organization's APIs (an admin: all), open ones first, then newest. */
export async function listAlerts({ ctx, input = {} }: { ctx: Ctx; input?: unknown }): Promise<{ alerts: AlertDto[]; open: number; page: number; pages: number }> {
  const actor = authorize(ctx, "api:view");
  const { status, page } = parseInput(ListAlertsInput, input);
  const scope = can(actor, "analytics:all") ? undefined : eq(apis.organizationId, actor.organizationId);
  const where = and(scope, status === "open" ? isNull(alerts.resolvedAt) : undefined);
  const base = () => ctx.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(alerts).innerJoin(alertRules, eq(alertRules.id, alerts.ruleId)).innerJoin(apis, eq(apis.id, alertRules.apiId));
  const [[{ n: total }], [{ n: open }], rows] = await Promise.all([
    base().where(where),
    base().where(and(scope, isNull(alerts.resolvedAt))),
    ctx.db
      .select({
        id: alerts.id,
        ruleId: alerts.ruleId,
        apiId: apis.id,
        apiName: apis.name,
        apiVersion: apis.version,
        kind: alertRules.kind,
        threshold: alertRules.threshold,
        windowMinutes: alertRules.windowMinutes,
        value: alerts.value,
        firedAt: alerts.firedAt,
        resolvedAt: alerts.resolvedAt,
      })
      .from(alerts)
      .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
      .innerJoin(apis, eq(apis.id, alertRules.apiId))
      .where(where)
      .orderBy(sql`${alerts.resolvedAt} is null desc`, desc(alerts.firedAt))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
  ]);
  return {
    alerts: rows.map((row) => ({ ...row, firedAt: row.firedAt.toISOString(), resolvedAt: row.resolvedAt?.toISOString() ?? null })),
    open,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}
