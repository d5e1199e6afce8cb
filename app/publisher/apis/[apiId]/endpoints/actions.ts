"use server";

import { testEndpoint } from "@/lib/apis/test-endpoint";
import { updateApi } from "@/lib/apis/update-api";
import type { ActionResult } from "@/lib/http/action-result";
import { endpointFrom } from "../../../api-form-input";
import { runPublisherAction } from "../../../run-publisher-action";

export async function saveEndpointsAction(apiId: string, _previous: ActionResult<{ id: string }> | null, formData: FormData) {
  return runPublisherAction(async (ctx) => {
    const endpoints = { production: endpointFrom(formData, "production"), sandbox: endpointFrom(formData, "sandbox") };
    const api = await updateApi({ ctx, apiId, input: { endpoints } });
    return { id: api.id };
  });
}

export async function testEndpointAction(apiId: string, url: string) {
  return runPublisherAction((ctx) => testEndpoint({ ctx, apiId, input: { url } }));
}
