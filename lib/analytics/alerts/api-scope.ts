import "server-only";
import { and, eq, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apis } from "@/db/schema";
import { isUuid } from "@/lib/apis/access";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { can, type Actor } from "@/lib/services/context";

/** The organization filter for a caller: admins see every API's rules and alerts, others their organization's. */
export function apiScope(actor: Actor): SQL | undefined {
  return can(actor, "analytics:all") ? undefined : eq(apis.organizationId, actor.organizationId);
}

/**
 * An API the caller may put rules on. Where the id came from decides how an unknown one fails: a form
 * field is a validation error on that field; a URL path (REST) is a 404, like every other resource path,
 * so another organization's ids cannot be told apart from missing ones.
 */
export async function findAlertApi(db: Queryable, actor: Actor, apiId: unknown, from: "field" | "path") {
  const api = isUuid(apiId)
    ? (await db.select({ id: apis.id, name: apis.name }).from(apis).where(and(eq(apis.id, apiId), apiScope(actor))))[0]
    : undefined;
  if (api) return api;
  if (from === "path") throw new NotFoundError("API");
  throw new ValidationError("apiId: unknown API", { apiId: ["Choose an API from the list."] });
}
