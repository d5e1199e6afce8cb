"use server";

import { sessionCtx } from "@/lib/auth/session";
import { checkDefinition } from "@/lib/apis/openapi/check-definition";
import { updateDefinition } from "@/lib/apis/openapi/definition-service";
import { runAction } from "@/lib/http/action-result";


/** The editor's two buttons: Check validates only; Save replaces the definition and with it the resources. */
export async function definitionAction(apiId: string, formData: FormData) {
  const definition = String(formData.get("definition") ?? "");
  if (formData.get("intent") === "check") {
    return runAction(async () => {
      const ctx = await sessionCtx();
      const result = await checkDefinition({ ctx, input: { definition } });
      return { message: `Valid ${result.specification} with ${result.resources} resource${result.resources === 1 ? "" : "s"}.` };
    }, { revalidate: "/publisher" });
  }
  return runAction(async () => {
    const ctx = await sessionCtx();
    const api = await updateDefinition({ ctx, apiId, input: { definition } });
    return { message: `Saved. The API now has ${api.resources.length} resource${api.resources.length === 1 ? "" : "s"}.` };
  }, { revalidate: "/publisher" });
}
