import "server-only";
import { getDb } from "@/db";
import { effectiveManagementScopes, managementScopesFor } from "@/lib/auth/roles";
import { getSessionActor } from "@/lib/auth/session";
import { scopesOf } from "@/lib/keys/jwt";
import { checkAccessToken } from "@/lib/keys/verify";
import type { Actor } from "@/lib/services/context";
import { loadActor } from "@/lib/users/authenticate";
import { ForbiddenError, UnauthorizedError } from "@/lib/errors";

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
  const bearer = bearerToken(request);
  if (bearer !== null) return bearerCaller(bearer);
  if (!hasSessionCookie(request)) return { actor: null, via: "anonymous" };
  const actor = await getSessionActor();
  if (!actor) return { actor: null, via: "anonymous" };
  if (UNSAFE.has(request.method) && !sameOrigin(request)) throw new ForbiddenError("Cross-site request refused.");
  return { actor, via: "session" };
}

/**
 * Whether a cookie-authenticated write comes from our own pages. Browsers send `Sec-Fetch-Site`
 * and, on every cross-origin POST, `Origin`; a page cannot forge either. An opaque origin ("null":
 * sandboxed frames, some redirects) is not ours. A client with neither header is not a browser
 * acting for another site, so it passes.
 */
function sameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = request.headers.get("origin");
  if (!origin) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function hasSessionCookie(request: Request): boolean {
  return /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/.test(request.headers.get("cookie") ?? "");
}

/** The Bearer token; "" for a malformed Bearer header (refused, never treated as absent); null for none. */
function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization") ?? "";
  if (!/^Bearer\b/i.test(header)) return null;
  return header.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? "";
}

/**
 * A Bearer caller: the token is verified locally (signature, expiry, revocation, client still
 * active), the user re-read, and the scopes are the token's, less any the user's roles lost since.
 */
async function bearerCaller(token: string): Promise<ApiCaller> {
  const db = await getDb();
  const result = await checkAccessToken(db, token);
  if (!result.valid) throw new UnauthorizedError("The access token is invalid, expired or revoked.");
  const actor = await loadActor(db, result.claims.sub);
  if (!actor) throw new UnauthorizedError("The access token's user is disabled or no longer exists.");
  const held = new Set<string>(managementScopesFor(actor.roles));
  const tokenScopes = scopesOf(result.claims);
  // The actor acts with the token's management scopes only, never with everything its roles allow.
  return {
    actor: { ...actor, scopes: effectiveManagementScopes(actor.roles, tokenScopes) },
    via: "bearer",
    scopes: tokenScopes.filter((scope) => !scope.startsWith("apim:") || held.has(scope)),
  };
}
