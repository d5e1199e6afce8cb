import "server-only";
import { and, arrayOverlaps, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiScopes } from "@/db/schema";
import { effectiveManagementScopes, MANAGEMENT_SCOPES, type Role } from "@/lib/auth/roles";
import { ScopeToken } from "./schemas";

/** The `scope` request parameter as a list; null when malformed (→ invalid_scope). */
export function parseScopeParam(value: string | undefined): string[] | null {
  if (value === undefined || value.trim() === "") return [];
  const scopes = value.split(" ").filter(Boolean);
  if (scopes.length > 100 || !scopes.every((s) => ScopeToken.safeParse(s).success)) return null;
  return [...new Set(scopes)];
}

/**
 * On whose authority scopes are granted: the user's roles, and, when the grant is made through a
 * narrower credential (a Bearer token, or consumer keys made with one), the management scopes that
 * credential holds. Undefined or null `scopes`: all that the roles allow.
 */
export type Grantor = { roles: readonly Role[]; scopes?: readonly string[] | null };

/**
 * The requested scopes the grantor may hand out, in the order asked: management scopes (`apim:*`) the
 * roles allow and the grantor's credential holds, API scopes when the scope's roles include one of
 * the user's. Anything else is dropped, not refused, so a client can ask for everything it might use
 * and get what the user holds. A credential never mints a management scope it does not hold itself.
 */
export async function grantableScopes(db: Queryable, by: Grantor | readonly Role[], requested: readonly string[]): Promise<string[]> {
  if (requested.length === 0) return [];
  // Bare roles: a grant the user made with their own password, holding all that the roles allow.
  const grantor: Grantor = isRoles(by) ? { roles: by } : by;
  const { roles } = grantor;
  const management = new Set<string>(effectiveManagementScopes(roles, grantor.scopes ?? undefined));
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

function isRoles(value: Grantor | readonly Role[]): value is readonly Role[] {
  return Array.isArray(value);
}
