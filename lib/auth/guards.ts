import "server-only";
import { forbidden, redirect } from "next/navigation";
import type { Permission } from "./roles";
import { sameOriginPath } from "./return-path";
import { getSessionActor } from "./session";
import { getDb } from "@/db";
import { can, type Actor, type Ctx } from "@/lib/services/context";

/** For portal layouts and pages: the signed-in actor with `permission`, else sign-in or a 403 page. */
export async function requirePortalActor(permission: Permission, returnTo: string): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(actor, permission)) forbidden();
  return actor;
}

const FALLBACK_RETURN_PATH = "/devportal";

/** A same-origin path to return to after signing in; anything else falls back to the developer portal. */
export function safeReturnPath(value: string | string[] | undefined): string {
  return sameOriginPath(Array.isArray(value) ? value[0] : value) ?? FALLBACK_RETURN_PATH;
}

/**
 * For portal pages, which Next renders alongside (not after) their layout: the same check as the
 * layout, returning a service context for the page's reads.
 */
export async function requirePortalCtx(permission: Permission, returnTo: string): Promise<Ctx> {
  const [actor, db] = await Promise.all([requirePortalActor(permission, returnTo), getDb()]);
  return { actor, db };
}
