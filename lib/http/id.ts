import { z } from "zod";
import { NotFoundError } from "@/lib/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id is a UUID. A malformed one names nothing that exists, so it is a 404 wherever it arrives in a path. */
export const Id = z.string().regex(UUID, "Not a valid id.");

/** Whether `value` is a well-formed id; services check ids they take outside a zod input with this. */
export function isId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** What a route parameter names, for its 404's message. */
const ID_PARAMS: Record<string, string> = {
  apiId: "API",
  applicationId: "application",
  commentId: "comment",
  conditionId: "blocking condition",
  docId: "document",
  documentId: "document",
  keyId: "API key",
  policyId: "throttling policy",
  ruleId: "alert rule",
  subscriptionId: "subscription",
  userId: "user",
};

/** Parses the id route parameter `name` with {@link Id}; a malformed id is a 404. */
export function parseIdParam(name: string, value: unknown): string {
  const parsed = Id.safeParse(value);
  if (!parsed.success) throw new NotFoundError(ID_PARAMS[name] ?? name.replace(/Id$/, ""));
  return parsed.data.toLowerCase();
}

/** Route parameters named `…Id` are ids. */
export function isIdParam(name: string): boolean {
  return /Id$/.test(name);
}
