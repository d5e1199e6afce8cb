"use server";

import { revalidatePath } from "next/cache";
import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction, type ActionResult } from "@/lib/http/action-result";
import {
  createBlockingCondition,
  deleteBlockingCondition,
  setBlockingConditionEnabled,
  type BlockingConditionView,
} from "@/lib/throttling/blocking";

async function run<T>(call: () => Promise<T>): Promise<ActionResult<T>> {
  const result = await runAction(call);
  if (result.ok) revalidatePath("/admin/blocking");
  return result;
}

export async function createBlockingAction(_previous: ActionResult<BlockingConditionView> | null, formData: FormData) {
  const { type, value, enabled } = formFields(formData);
  // An unticked checkbox sends nothing: that is "off", not "default".
  return run(async () => createBlockingCondition({ ctx: await sessionCtx(), input: { type, value, enabled: enabled === "on" } }));
}

export async function setBlockingEnabledAction(conditionId: string, enabled: boolean) {
  return run(async () => setBlockingConditionEnabled({ ctx: await sessionCtx(), conditionId, input: { enabled } }));
}

export async function deleteBlockingAction(conditionId: string) {
  return run(async () => deleteBlockingCondition({ ctx: await sessionCtx(), conditionId }));
}
