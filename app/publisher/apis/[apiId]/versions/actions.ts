"use server";

import { createVersion } from "@/lib/apis/create-version";
import { setDefaultVersion } from "@/lib/apis/set-default-version";
import { formFields, type ActionResult } from "@/lib/http/action-result";
import { runPublisherAction } from "../../../run-publisher-action";

export async function createVersionAction(apiId: string, _previous: ActionResult<{ id: string; version: string }> | null, formData: FormData) {
  const { version, isDefault } = formFields(formData);
  return runPublisherAction(async (ctx) => {
    const api = await createVersion({ ctx, apiId, input: { version, isDefault: isDefault ?? "false" } });
    return { id: api.id, version: api.version };
  });
}

export async function setDefaultVersionAction(apiId: string) {
  return runPublisherAction((ctx) => setDefaultVersion({ ctx, apiId }));
}
