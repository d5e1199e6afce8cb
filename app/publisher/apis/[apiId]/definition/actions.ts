"use server";

import { checkDefinition } from "@/lib/apis/openapi/check-definition";
import { updateDefinition } from "@/lib/apis/openapi/definition-service";
import type { ActionResult } from "@/lib/http/action-result";
import { runPublisherAction } from "../../../run-publisher-action";

type Outcome = ActionResult<{ message: string }> | null;

/** The editor's two buttons: Check validates only; Save replaces the definition and with it the resources. */
export async function definitionAction(apiId: string, _previous: Outcome, formData: FormData) {
  const definition = String(formData.get("definition") ?? "");
  if (formData.get("intent") === "check") {
    return runPublisherAction(async (ctx) => {
      const result = await checkDefinition({ ctx, input: { definition } });
      return { message: `Valid ${result.specification} with ${result.resources} resource${result.resources === 1 ? "" : "s"}.` };
    });
  }
  return runPublisherAction(async (ctx) => {
    const api = await updateDefinition({ ctx, apiId, input: { definition } });
    return { message: `Saved. The API now has ${api.resources.length} resource${api.resources.length === 1 ? "" : "s"}.` };
  });
}
