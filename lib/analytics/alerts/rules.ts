import { and, asc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { ALERT_KINDS, alertRules, apis } from "@/db/schema";
import { isLiteralPrivateHost } from "@/lib/apis/endpoint-guard";
import { recordAudit } from "@/lib/audit/record";
import { config } from "@/lib/config";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { authorize, can, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { ALERT_KIND_INFO, type AlertKind } from "./kinds";

export { ALERT_KIND_INFO, type AlertKind };

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const WebhookUrl = z.preprocess(
  blank,
  z
    .url({ protocol: /^https?$/, error: "Enter a full http:// or https:// URL." })
    .max(2000)
    .refine((url) => config().allowPrivateEndpoints || !isLiteralPrivateHost(url), "Private and loopback addresses are not allowed on this server.")
    .optional(),
);

const RuleFields = {
  kind: z.enum(ALERT_KINDS, "Choose what to alert on."),
  threshold: z.coerce.number("Enter a number.").positive("Enter a threshold above zero."),
  windowMinutes: z.preprocess(blank, z.coerce.number().int("Use whole minutes.").min(1, "At least 1 minute.").max(1440, "At most 1440 minutes (a day).").default(5)),
  webhookUrl: WebhookUrl,
};

function checkThreshold(value: { kind: AlertKind; threshold: number }, ctx: z.RefinementCtx) {
  const { max, unit } = ALERT_KIND_INFO[value.kind];
  if (value.threshold > max) ctx.addIssue({ code: "custom", path: ["threshold"], message: `At most ${max} ${unit}.` });
}

const CreateRuleInput = z.object({ apiId: z.string("Choose an API."), ...RuleFields }).superRefine(checkThreshold);
const toBoolean = (v: unknown) => (v === "true" || v === "on" ? true : v === "false" ? false : v);
const UpdateRuleInput = z.object({
  kind: RuleFields.kind.optional(),
  threshold: z.preprocess(blank, RuleFields.threshold.optional()),
  windowMinutes: z.preprocess(blank, z.coerce.number().int("Use whole minutes.").min(1, "At least 1 minute.").max(1440, "At most 1440 minutes (a day).").optional()),
  /** null (or "") removes the webhook; leaving it out keeps it. */
  webhookUrl: z.union([z.literal("").transform(() => null), z.null(), WebhookUrl]),
  enabled: z.preprocess(toBoolean, z.boolean("Send enabled as true or false.").optional()),
});

export type AlertRuleDto = {
  id: string;
  apiId: string;
  apiName: string;
  apiVersion: string;
  kind: AlertKind;
  threshold: number;
  windowMinutes: number;
  webhookUrl: string | null;
  enabled: boolean;
  createdAt: string;
};

/** The organization filter for a caller: admins see every API's rules, others their organization's. */
function apiScope(actor: Actor): SQL | undefined {
  return can(actor, "analytics:all") ? undefined : eq(apis.organizationId, actor.organizationId);
}

async function findApi(db: Queryable, actor: Actor, apiId: string) {
  if (!UUID.test(apiId)) throw new ValidationError("apiId: unknown API", { apiId: ["Choose an API from the list."] });
  const [api] = await db.select({ id: apis.id, name: apis.name }).from(apis).where(and(eq(apis.id, apiId), apiScope(actor)));
  if (!api) throw new ValidationError("apiId: unknown API", { apiId: ["Choose an API from the list."] });
  return api;
}

const ruleColumns = {
  id: alertRules.id,
  apiId: alertRules.apiId,
  apiName: apis.name,
  apiVersion: apis.version,
  kind: alertRules.kind,
  threshold: alertRules.threshold,
  windowMinutes: alertRules.windowMinutes,
  webhookUrl: alertRules.webhookUrl,
  enabled: alertRules.enabled,
  createdAt: alertRules.createdAt,
};

async function findRule(db: Queryable, actor: Actor, ruleId: string) {
  if (!UUID.test(ruleId)) throw new NotFoundError("alert rule");
  const [rule] = await db
    .select(ruleColumns)
    .from(alertRules)
    .innerJoin(apis, eq(apis.id, alertRules.apiId))
    .where(and(eq(alertRules.id, ruleId), apiScope(actor)));
  if (!rule) throw new NotFoundError("alert rule");
  return rule;
}

const toDto = (row: Awaited<ReturnType<typeof findRule>>): AlertRuleDto => ({ ...row, createdAt: row.createdAt.toISOString() });

/** Alert rules on the caller's organization's APIs (an admin: all), by API. */
export async function listAlertRules({ ctx }: { ctx: Ctx }): Promise<AlertRuleDto[]> {
  const actor = authorize(ctx, "api:view");
  const rows = await ctx.db
    .select(ruleColumns)
    .from(alertRules)
    .innerJoin(apis, eq(apis.id, alertRules.apiId))
    .where(apiScope(actor))
    .orderBy(asc(apis.name), asc(apis.version), asc(alertRules.createdAt));
  return rows.map(toDto);
}

/** A rule on one API; publishers and admins only. */
export async function createAlertRule({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<AlertRuleDto> {
  const actor = authorize(ctx, "api:publish");
  const data = parseInput(CreateRuleInput, input);
  return ctx.db.transaction(async (tx) => {
    const api = await findApi(tx, actor, data.apiId);
    const [row] = await tx
      .insert(alertRules)
      .values({ apiId: api.id, kind: data.kind, threshold: data.threshold, windowMinutes: data.windowMinutes, webhookUrl: data.webhookUrl ?? null })
      .returning({ id: alertRules.id });
    await recordAudit(tx, actor, {
      action: "alert_rule.create",
      targetType: "alert_rule",
      targetId: row.id,
      details: { apiId: api.id, kind: data.kind, threshold: data.threshold, windowMinutes: data.windowMinutes, webhook: Boolean(data.webhookUrl) },
    });
    return toDto(await findRule(tx, actor, row.id));
  });
}

/** Changes any of a rule's kind, threshold, window, webhook and whether it is enabled; the rest stays. */
export async function updateAlertRule({ ctx, ruleId, input }: { ctx: Ctx; ruleId: string; input: unknown }): Promise<AlertRuleDto> {
  const actor = authorize(ctx, "api:publish");
  const changes = parseInput(UpdateRuleInput, input);
  return ctx.db.transaction(async (tx) => {
    const before = await findRule(tx, actor, ruleId);
    const next = {
      kind: changes.kind ?? before.kind,
      threshold: changes.threshold ?? before.threshold,
      windowMinutes: changes.windowMinutes ?? before.windowMinutes,
      webhookUrl: changes.webhookUrl === undefined ? before.webhookUrl : changes.webhookUrl,
      enabled: changes.enabled ?? before.enabled,
    };
    parseInput(z.object({ kind: RuleFields.kind, threshold: RuleFields.threshold }).superRefine(checkThreshold), next);
    await tx.update(alertRules).set({ ...next, updatedAt: new Date() }).where(eq(alertRules.id, before.id));
    await recordAudit(tx, actor, {
      action: "alert_rule.update",
      targetType: "alert_rule",
      targetId: before.id,
      details: { apiId: before.apiId, kind: next.kind, threshold: next.threshold, windowMinutes: next.windowMinutes, enabled: next.enabled, webhook: Boolean(next.webhookUrl) },
    });
    return toDto(await findRule(tx, actor, before.id));
  });
}

/** Deletes a rule and the alerts it raised. */
export async function deleteAlertRule({ ctx, ruleId }: { ctx: Ctx; ruleId: string }): Promise<void> {
  const actor = authorize(ctx, "api:publish");
  await ctx.db.transaction(async (tx) => {
    const rule = await findRule(tx, actor, ruleId);
    await tx.delete(alertRules).where(eq(alertRules.id, rule.id));
    await recordAudit(tx, actor, { action: "alert_rule.delete", targetType: "alert_rule", targetId: rule.id, details: { apiId: rule.apiId, kind: rule.kind } });
  });
}
