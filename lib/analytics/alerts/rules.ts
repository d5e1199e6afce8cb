import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { ALERT_KINDS, alertRules, apis } from "@/db/schema";
import { isUuid } from "@/lib/apis/access";
import { isLiteralPrivateHost } from "@/lib/apis/endpoint-guard";
import { recordAudit } from "@/lib/audit/record";
import { config } from "@/lib/config";
import { NotFoundError } from "@/lib/errors";
import { authorize, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { apiScope, findAlertApi } from "./api-scope";
import { ALERT_KIND_INFO, type AlertKind } from "./kinds";

export { ALERT_KIND_INFO, type AlertKind };

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

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
/** The REST surface names the API in the path, so its body has only the rule. */
const CreateRuleOnApiInput = z.object(RuleFields).superRefine(checkThreshold);
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

/** A rule the caller may see; with `apiId` (a REST path), only if it is on that API. */
async function findRule(db: Queryable, actor: Actor, ruleId: string, apiId?: string) {
  if (!isUuid(ruleId) || (apiId !== undefined && !isUuid(apiId))) throw new NotFoundError("alert rule");
  const [rule] = await db
    .select(ruleColumns)
    .from(alertRules)
    .innerJoin(apis, eq(apis.id, alertRules.apiId))
    .where(and(eq(alertRules.id, ruleId), apiId === undefined ? undefined : eq(alertRules.apiId, apiId), apiScope(actor)));
  if (!rule) throw new NotFoundError("alert rule");
  return rule;
}

const toDto = (row: Awaited<ReturnType<typeof findRule>>): AlertRuleDto => ({ ...row, createdAt: row.createdAt.toISOString() });

/** Alert rules on the caller's organization's APIs (an admin: all), by API; with `apiId`, that API's only (404 if unseen). */
export async function listAlertRules({ ctx, apiId }: { ctx: Ctx; apiId?: string }): Promise<AlertRuleDto[]> {
  const actor = authorize(ctx, "api:view");
  const api = apiId === undefined ? undefined : await findAlertApi(ctx.db, actor, apiId, "path");
  const rows = await ctx.db
    .select(ruleColumns)
    .from(alertRules)
    .innerJoin(apis, eq(apis.id, alertRules.apiId))
    .where(and(apiScope(actor), api ? eq(alertRules.apiId, api.id) : undefined))
    .orderBy(asc(apis.name), asc(apis.version), asc(alertRules.createdAt));
  return rows.map(toDto);
}

/**
 * A rule on one API; publishers and admins only. The API is `input.apiId` (a form field) or, from a
 * REST path, `apiId`.
 */
export async function createAlertRule({ ctx, apiId, input }: { ctx: Ctx; apiId?: string; input: unknown }): Promise<AlertRuleDto> {
  const actor = authorize(ctx, "api:publish");
  const data = apiId === undefined ? parseInput(CreateRuleInput, input) : { ...parseInput(CreateRuleOnApiInput, input), apiId };
  return ctx.db.transaction(async (tx) => {
    const api = await findAlertApi(tx, actor, data.apiId, apiId === undefined ? "field" : "path");
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

/** Changes any of a rule's kind, threshold, window, webhook and whether it is enabled; the rest stays. `apiId`: the rule must be on it. */
export async function updateAlertRule({ ctx, ruleId, apiId, input }: { ctx: Ctx; ruleId: string; apiId?: string; input: unknown }): Promise<AlertRuleDto> {
  const actor = authorize(ctx, "api:publish");
  const changes = parseInput(UpdateRuleInput, input);
  return ctx.db.transaction(async (tx) => {
    const before = await findRule(tx, actor, ruleId, apiId);
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

/** Deletes a rule and the alerts it raised. `apiId`: the rule must be on it. */
export async function deleteAlertRule({ ctx, ruleId, apiId }: { ctx: Ctx; ruleId: string; apiId?: string }): Promise<void> {
  const actor = authorize(ctx, "api:publish");
  await ctx.db.transaction(async (tx) => {
    const rule = await findRule(tx, actor, ruleId, apiId);
    await tx.delete(alertRules).where(eq(alertRules.id, rule.id));
    await recordAudit(tx, actor, { action: "alert_rule.delete", targetType: "alert_rule", targetId: rule.id, details: { apiId: rule.apiId, kind: rule.kind } });
  });
}
