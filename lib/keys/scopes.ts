import { and, arrayOverlaps, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiScopes } from "@/db/schema";
import { MANAGEMENT_SCOPES, managementScopesFor, type Role } from "@/lib/auth/roles";
import { ScopeToken } from "./schemas";

/** The `scope` request parameter as a list; null when malformed (→ invalid_scope). */
export function parseScopeParam(value: string | undefined): string[] | null {
  if (value === undefined || value.trim() === "") return [];
  const scopes = value.split(" ").filter(Boolean);
  if (scopes.length > 100 || !scopes.every((s) => ScopeToken.safeParse(s).success)) return null;
  return [...new Set(scopes)];
}

/**
 * The requested scopes a user's roles allow, in the order asked: management scopes (`apim:*`) by role,
 * API scopes when the scope's roles include one of the user's. Anything else is dropped, not refused,
 * so a client can ask for everything it might use and get what the user holds.
 */
export async function grantableScopes(db: Queryable, roles: readonly Role[], requested: readonly string[]): Promise<string[]> {
  if (requested.length === 0) return [];
  const management = new Set<string>(managementScopesFor(roles));
  const apiCandidates = requested.filter((scope) => !(scope in MANAGEMENT_SCOPES));
  const apiAllowed = new Set<string>();
  if (apiCandidates.length > 0 && roles.length > 0) {
    const rows = await db
      .selectDistinct({ key: apiScopes.key })
      .from(apiScopes)
      .where(and(inArray(apiScopes.key, apiCandidates), arrayOverlaps(apiScopes.roles, [...roles])));
    for (const row of rows) apiAllowed.add(row.key);
  }
  return requested.filter((scope) => management.has(scope) || apiAllowed.has(scope));
}
