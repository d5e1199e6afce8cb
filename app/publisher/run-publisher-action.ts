import { revalidatePath } from "next/cache";
import { sessionCtx } from "@/lib/auth/session";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import type { Ctx } from "@/lib/services/context";

/**
 * What every publisher action does around its one service call: the session's context in, a
 * readable result out, and the publisher pages re-rendered when something changed.
 */
export async function runPublisherAction<T>(call: (ctx: Ctx) => Promise<T>): Promise<ActionResult<T>> {
  const result = await runAction(async () => call(await sessionCtx()));
  if (result.ok) revalidatePath("/publisher", "layout");
  return result;
}

/** A JSON-encoded form field (editors send structured data this way); unreadable JSON becomes undefined for the service to refuse. */
export function jsonField(formData: FormData, name: string): unknown {
  const value = formData.get(name);
  if (typeof value !== "string") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
