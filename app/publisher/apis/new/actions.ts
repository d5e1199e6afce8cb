"use server";

import { createApi } from "@/lib/apis/create-api";
import { testEndpoint } from "@/lib/apis/test-endpoint";
import { formFields, type ActionResult } from "@/lib/http/action-result";
import { apiSettingsFrom, endpointFrom } from "../../api-form-input";
import { runPublisherAction } from "../../run-publisher-action";

export async function createApiAction(_previous: ActionResult<{ id: string }> | null, formData: FormData) {
  const f = formFields(formData);
  return runPublisherAction(async (ctx) => {
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
  });
}

/** The "Test" button of an endpoint that is not saved yet. */
export async function testNewEndpointAction(url: string) {
  return runPublisherAction((ctx) => testEndpoint({ ctx, input: { url } }));
}
