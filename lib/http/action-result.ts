import { revalidatePath } from "next/cache";
import { redirect, unstable_rethrow } from "next/navigation";
import { ServiceError, ValidationError } from "@/lib/errors";
import { logger } from "@/lib/observability/log-core";

const log = logger("action");

/** What a server action hands back to its form: data, or a message and per-field errors to show. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** A path whose pages (and everything under it) show the change once an action succeeded; may depend on the result. */
type PathFor<T> = string | ((data: T) => string);

export type RunActionOptions<T> = {
  /** Re-render this path and everything under it after a success. */
  revalidate?: PathFor<T>;
  /** Send the browser here after a success (e.g. away from something just deleted). */
  redirect?: PathFor<T>;
};

const pathFor = <T>(path: PathFor<T>, data: T) => (typeof path === "function" ? path(data) : path);

/**
 * What every server action does around its one service call: failures mapped to a readable result
 * (never a stack trace), and on success the affected pages re-rendered and, if asked, a redirect.
 */
export async function runAction<T>(call: () => Promise<T>, options: RunActionOptions<T> = {}): Promise<ActionResult<T>> {
  const result = await settle(call);
  if (result.ok && options.revalidate !== undefined) revalidatePath(pathFor(options.revalidate, result.data), "layout");
  if (result.ok && options.redirect !== undefined) redirect(pathFor(options.redirect, result.data));
  return result;
}

async function settle<T>(call: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await call() };
  } catch (error) {
    unstable_rethrow(error);
    if (error instanceof ValidationError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    if (error instanceof ServiceError) return { ok: false, message: error.message };
    log.error({ err: error }, "unexpected error");
    return { ok: false, message: "Something went wrong on our side. Please try again." };
  }
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

/** A form's fields as a plain object, for zod to parse. */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") fields[key] = value;
  return fields;
}
