import "server-only";
import type { z } from "zod";
import type { Database } from "@/db/client";
import { ForbiddenError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { effectiveManagementScopes, PERMISSION_SCOPES, rolesAllow, type ManagementScope, type Permission, type Role } from "@/lib/auth/roles";
import { assertSafeText } from "@/lib/http/unsafe-text";

/** Who is calling. Loaded fresh from the database for every request, never trusted from a cookie alone. */
export type Actor = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  organizationId: string;
  /**
   * The management scopes of the credential that made this call when it is narrower than the roles
   * (a Bearer token); absent for a portal session, which holds all that the roles allow. Every
   * permission check and every scope granted on the caller's behalf is bounded by it.
   */
  scopes?: readonly ManagementScope[];
};

/** Every service takes the caller and the database as an argument, never from a global. */
export type Ctx = { actor: Actor | null; db: Database };

export function requireActor(ctx: Ctx): Actor {
  if (!ctx.actor) throw new UnauthorizedError();
  return ctx.actor;
}

/** The caller, if signed in and allowed `permission`; otherwise 401 or 403. */
export function authorize(ctx: Ctx, permission: Permission): Actor {
  const actor = requireActor(ctx);
  if (!can(actor, permission)) throw new ForbiddenError();
  return actor;
}

/** The roles allow it and the calling credential carries the scope for it. */
export function can(actor: Actor | null, permission: Permission): boolean {
  if (actor === null || !rolesAllow(actor.roles, permission)) return false;
  return actor.scopes === undefined || actor.scopes.includes(PERMISSION_SCOPES[permission]);
}

/** The management scopes the calling credential holds (for a session, all that the roles allow). */
export function actorScopes(actor: Actor): ManagementScope[] {
  return effectiveManagementScopes(actor.roles, actor.scopes);
}

/**
 * zod-parses a service's input; a failure becomes a ValidationError that names the field. Strings
 * holding a NUL or another control character are refused first, whichever surface they came from
 * (form, JSON, query), since Postgres cannot store them.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  assertSafeText(input);
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}
