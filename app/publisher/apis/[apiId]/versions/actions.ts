"use server";

import { sessionCtx } from "@/lib/auth/session";
import { createVersion } from "@/lib/apis/create-version";
import { setDefaultVersion } from "@/lib/apis/set-default-version";
import { formFields, runAction } from "@/lib/http/action-result";

export async function createVersionAction(apiId: string, formData: FormData) {
  const { version, isDefault } = formFields(formData);
  return runAction(async () => {
    const ctx = await sessionCtx();
    const api = await createVersion({ ctx, apiId, input: { version, isDefault: isDefault ?? "false" } });
    return { id: api.id, version: api.version };
  }, { revalidate: "/publisher" });
}

export async function setDefaultVersionAction(apiId: string) {
  return runAction(async () => setDefaultVersion({ ctx: await sessionCtx(), apiId }), { revalidate: "/publisher" });
}
