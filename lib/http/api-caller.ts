import { getSessionActor } from "@/lib/auth/session";
import type { Actor } from "@/lib/services/context";
import { ForbiddenError } from "@/lib/errors";

export type ApiCaller = {
  actor: Actor | null;
  /** How the caller proved who it is. Bearer callers carry only the scopes their token grants. */
  via: "session" | "bearer" | "anonymous";
  scopes?: readonly string[];
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The caller of a management REST request: a Bearer access token (see lib/keys) or the portal
 * session. Cookie-authenticated writes must come from our own origin (CSRF).
 */
export async function resolveApiCaller(request: Request): Promise<ApiCaller> {
  if (!hasSessionCookie(request)) return { actor: null, via: "anonymous" };
  const actor = await getSessionActor();
  if (!actor) return { actor: null, via: "anonymous" };
  if (UNSAFE.has(request.method)) {
    const origin = request.headers.get("origin");
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    if (origin && host && new URL(origin).host !== host) {
      throw new ForbiddenError("Cross-site request refused.");
    }
  }
  return { actor, via: "session" };
}

function hasSessionCookie(request: Request): boolean {
  return /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/.test(request.headers.get("cookie") ?? "");
}
