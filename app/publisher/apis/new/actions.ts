"use server";

import { sessionCtx } from "@/lib/auth/session";
import { createApi } from "@/lib/apis/create-api";
import { testEndpoint } from "@/lib/apis/test-endpoint";
import { formFields, runAction } from "@/lib/http/action-result";
import { apiSettingsFrom, endpointFrom } from "../../api-form-input";

export async function createApiAction(formData: FormData) {
  const f = formFields(formData);
  return runAction(async () => {
    const ctx = await sessionCtx();
    const api = await createApi({
      ctx,
      input: {
        name: f.name,
        context: f.context,
        version: f.version,
        ...apiSettingsFrom(formData),
        endpoints: { production: endpointFrom(formData, "production"), sandbox: endpointFrom(formData, "sandbox") },
      },
    });
    return { id: api.id };
  }, { revalidate: "/publisher" });
}

/** The "Test" button of an endpoint that is not saved yet. */
export async function testNewEndpointAction(url: string) {
  return runAction(async () => testEndpoint({ ctx: await sessionCtx(), input: { url } }));
}
