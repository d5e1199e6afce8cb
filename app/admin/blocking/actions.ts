"use server";

import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction } from "@/lib/http/action-result";
import {
  createBlockingCondition,
  deleteBlockingCondition,
  setBlockingConditionEnabled,
} from "@/lib/throttling/blocking";

export async function createBlockingAction(formData: FormData) {
  const { type, value, enabled } = formFields(formData);
  // An unticked checkbox sends nothing: that is "off", not "default".
  return runAction(async () => createBlockingCondition({ ctx: await sessionCtx(), input: { type, value, enabled: enabled === "on" } }), { revalidate: "/admin/blocking" });
}

export async function setBlockingEnabledAction(conditionId: string, enabled: boolean) {
  return runAction(async () => setBlockingConditionEnabled({ ctx: await sessionCtx(), conditionId, input: { enabled } }), { revalidate: "/admin/blocking" });
}

export async function deleteBlockingAction(conditionId: string) {
  return runAction(async () => deleteBlockingCondition({ ctx: await sessionCtx(), conditionId }), { revalidate: "/admin/blocking" });
}
