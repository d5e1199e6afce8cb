"use server";

import { sessionCtx } from "@/lib/auth/session";
import { testEndpoint } from "@/lib/apis/test-endpoint";
import { updateApi } from "@/lib/apis/update-api";
import { runAction } from "@/lib/http/action-result";
import { endpointFrom } from "../../../api-form-input";

export async function saveEndpointsAction(apiId: string, formData: FormData) {
  return runAction(async () => {
    const ctx = await sessionCtx();
    const endpoints = { production: endpointFrom(formData, "production"), sandbox: endpointFrom(formData, "sandbox") };
    const api = await updateApi({ ctx, apiId, input: { endpoints } });
    return { id: api.id };
  }, { revalidate: "/publisher" });
}

export async function testEndpointAction(apiId: string, url: string) {
  return runAction(async () => testEndpoint({ ctx: await sessionCtx(), apiId, input: { url } }));
}
