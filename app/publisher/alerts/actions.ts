"use server";

import { createAlertRule, deleteAlertRule, updateAlertRule } from "@/lib/analytics/alerts/rules";
import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction } from "@/lib/http/action-result";

export async function createRuleAction(formData: FormData) {
  return runAction(async () => createAlertRule({ ctx: await sessionCtx(), input: formFields(formData) }), { revalidate: "/publisher/alerts" });
}

export async function setRuleEnabledAction(ruleId: string, enabled: boolean) {
  return runAction(async () => updateAlertRule({ ctx: await sessionCtx(), ruleId, input: { enabled } }), { revalidate: "/publisher/alerts" });
}

export async function deleteRuleAction(ruleId: string) {
  return runAction(async () => deleteAlertRule({ ctx: await sessionCtx(), ruleId }), { revalidate: "/publisher/alerts" });
}
