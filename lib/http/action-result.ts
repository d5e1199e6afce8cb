import { unstable_rethrow } from "next/navigation";
import { ServiceError, ValidationError } from "@/lib/errors";
import { describeError } from "@/lib/http/safe-error";

/** What a server action hands back to its form: data, or a message and per-field errors to show. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** Runs a server action's service call and maps failures to a readable result (never a stack trace). */
export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof ValidationError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    if (error instanceof ServiceError) return { ok: false, message: error.message };
    console.error("[action] unexpected error:", describeError(error));
    return { ok: false, message: "Something went wrong on our side. Please try again." };
  }
}

/** A form's fields as a plain object, for zod to parse. */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") fields[key] = value;
  return fields;
}
