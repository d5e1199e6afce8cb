"use server";

import { sessionCtx } from "@/lib/auth/session";
import { formFields, runAction } from "@/lib/http/action-result";
import { createPolicy, deletePolicy, updatePolicy } from "@/lib/throttling/policies";

/** The form's own fields (not React's `$ACTION_…` bookkeeping): editing refuses unknown fields. */
function fields(formData: FormData): Record<string, string> {
  return Object.fromEntries(Object.entries(formFields(formData)).filter(([name]) => !name.startsWith("$")));
}

export async function createPolicyAction(formData: FormData) {
  return runAction(async () => createPolicy({ ctx: await sessionCtx(), input: fields(formData) }), { revalidate: "/admin/throttling" });
}

export async function updatePolicyAction(policyId: string, formData: FormData) {
  return runAction(async () => updatePolicy({ ctx: await sessionCtx(), policyId, input: fields(formData) }), { revalidate: "/admin/throttling" });
}

export async function deletePolicyAction(policyId: string) {
  return runAction(async () => deletePolicy({ ctx: await sessionCtx(), policyId }), { revalidate: "/admin/throttling" });
}
