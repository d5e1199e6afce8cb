"use server";

import { sessionCtx } from "@/lib/auth/session";
import { deleteApi } from "@/lib/apis/delete-api";
import { updateApi } from "@/lib/apis/update-api";
import { runAction } from "@/lib/http/action-result";
import { apiSettingsFrom } from "../../api-form-input";

export async function updateBasicsAction(apiId: string, formData: FormData) {
  return runAction(async () => {
    const ctx = await sessionCtx();
    const api = await updateApi({ ctx, apiId, input: apiSettingsFrom(formData) });
    return { id: api.id };
  }, { revalidate: "/publisher" });
}

export async function deleteApiAction(apiId: string) {
  return runAction(async () => deleteApi({ ctx: await sessionCtx(), apiId }), { revalidate: "/publisher", redirect: "/publisher?deleted=1" });
}
