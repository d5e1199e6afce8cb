"use server";

import { revalidatePath } from "next/cache";
import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction, type ActionResult } from "@/lib/http/action-result";
import { createPolicy, deletePolicy, updatePolicy, type PolicyView } from "@/lib/throttling/policies";

/** Thin: the session's caller into one service call, a readable result out, the list re-rendered. */
async function run<T>(call: () => Promise<T>): Promise<ActionResult<T>> {
  const result = await runAction(call);
  if (result.ok) revalidatePath("/admin/throttling", "layout");
  return result;
}

/** The form's own fields (not React's `$ACTION_…` bookkeeping): editing refuses unknown fields. */
function fields(formData: FormData): Record<string, string> {
  return Object.fromEntries(Object.entries(formFields(formData)).filter(([name]) => !name.startsWith("$")));
}

export async function createPolicyAction(_previous: ActionResult<PolicyView> | null, formData: FormData) {
  return run(async () => createPolicy({ ctx: await sessionCtx(), input: fields(formData) }));
}

export async function updatePolicyAction(policyId: string, _previous: ActionResult<PolicyView> | null, formData: FormData) {
  return run(async () => updatePolicy({ ctx: await sessionCtx(), policyId, input: fields(formData) }));
}

export async function deletePolicyAction(policyId: string) {
  return run(async () => deletePolicy({ ctx: await sessionCtx(), policyId }));
}
