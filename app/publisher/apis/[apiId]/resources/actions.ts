"use server";

import { sessionCtx } from "@/lib/auth/session";
import { updateApi } from "@/lib/apis/update-api";
import { jsonField, runAction } from "@/lib/http/action-result";


/** Resources and scopes arrive as one JSON payload from the editor. */
export async function saveResourcesAction(apiId: string, formData: FormData) {
  const payload = (jsonField(formData, "payload") ?? {}) as { resources?: unknown; scopes?: unknown };
  return runAction(async () => {
    const ctx = await sessionCtx();
    const api = await updateApi({ ctx, apiId, input: { resources: payload.resources ?? [], scopes: payload.scopes ?? [] } });
    return { id: api.id };
  }, { revalidate: "/publisher" });
}

const lines = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(/[\n,]/)
    .map((v) => v.trim())
    .filter(Boolean);

export async function saveRuntimeAction(apiId: string, formData: FormData) {
  return runAction(async () => {
    const ctx = await sessionCtx();
    const api = await updateApi({
      ctx,
      apiId,
      input: {
        subscriptionTiers: formData.getAll("subscriptionTiers").map(String),
        apiThrottlingTier: String(formData.get("apiThrottlingTier") ?? ""),
        sendBackendJwt: formData.get("sendBackendJwt") === "on",
        cors: {
          enabled: formData.get("corsEnabled") === "on",
          allowOrigins: lines(formData.get("allowOrigins")),
          allowHeaders: lines(formData.get("allowHeaders")),
          allowMethods: formData.getAll("allowMethods").map(String),
          allowCredentials: formData.get("allowCredentials") === "on",
          maxAgeSeconds: String(formData.get("maxAgeSeconds") ?? "3600"),
        },
      },
    });
    return { id: api.id };
  }, { revalidate: "/publisher" });
}
