import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { alertRules, alerts, apis } from "@/db/schema";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { apiScope, findAlertApi } from "./api-scope";
import type { AlertKind } from "./rules";

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

const ListAlertsInput = z.object({
  apiId: z.preprocess(blank, z.string().optional()),
  status: z.preprocess(blank, z.enum(["open", "all"]).default("all")),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(10_000).default(1)),
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

/** Alerts raised on the caller's organization's APIs (an admin: all), open ones first, then newest; with `apiId`, that API's only (404 if unseen). */
export async function listAlerts({ ctx, input = {} }: { ctx: Ctx; input?: unknown }): Promise<{ alerts: AlertDto[]; open: number; page: number; pages: number }> {
  const actor = authorize(ctx, "api:view");
  const { apiId, status, page } = parseInput(ListAlertsInput, input);
  const api = apiId === undefined ? undefined : await findAlertApi(ctx.db, actor, apiId, "path");
  const scope = and(apiScope(actor), api ? eq(apis.id, api.id) : undefined);
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
