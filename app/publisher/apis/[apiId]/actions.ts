"use server";

import { redirect } from "next/navigation";
import { deleteApi } from "@/lib/apis/delete-api";
import { updateApi } from "@/lib/apis/update-api";
import type { ActionResult } from "@/lib/http/action-result";
import { apiSettingsFrom } from "../../api-form-input";
import { runPublisherAction } from "../../run-publisher-action";

export async function updateBasicsAction(apiId: string, _previous: ActionResult<{ id: string }> | null, formData: FormData) {
  return runPublisherAction(async (ctx) => {
    const api = await updateApi({ ctx, apiId, input: apiSettingsFrom(formData) });
    return { id: api.id };
  });
}

export async function deleteApiAction(apiId: string) {
  const result = await runPublisherAction((ctx) => deleteApi({ ctx, apiId }));
  if (result.ok) redirect("/publisher?deleted=1");
  return result;
}
