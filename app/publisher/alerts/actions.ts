"use server";

import { revalidatePath } from "next/cache";
import { createAlertRule, deleteAlertRule, updateAlertRule } from "@/lib/analytics/alerts/rules";
import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction, type ActionResult } from "@/lib/http/action-result";

async function run<T>(call: () => Promise<T>): Promise<ActionResult<T>> {
  const result = await runAction(call);
  if (result.ok) revalidatePath("/publisher/alerts");
  return result;
}

export async function createRuleAction(_previous: unknown, formData: FormData) {
  return run(async () => createAlertRule({ ctx: await sessionCtx(), input: formFields(formData) }));
}

export async function setRuleEnabledAction(ruleId: string, enabled: boolean) {
  return run(async () => updateAlertRule({ ctx: await sessionCtx(), ruleId, input: { enabled } }));
}

export async function deleteRuleAction(ruleId: string) {
  return run(async () => deleteAlertRule({ ctx: await sessionCtx(), ruleId }));
}
