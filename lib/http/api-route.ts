import "server-only";
import { getDb } from "@/db";
import { MANAGEMENT_SCOPES, rolesAllow, type ManagementScope } from "@/lib/auth/roles";
import { BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import type { Ctx } from "@/lib/services/context";
import { resolveApiCaller } from "./api-caller";
import { isIdParam, parseIdParam } from "./id";
import { problemFromError } from "./problem";
import { hasUnsafeChars } from "./unsafe-text";

export { readJson } from "./read-body";

type Args<P> = { request: Request; params: P; ctx: Ctx };

/**
 * Wraps a `/api/v1` route handler: resolves the caller, checks the management scope (a token must
 * carry it; a session user's roles must allow it), checks the query string and the route parameters
 * (a malformed `…Id` is a 404), runs the handler and maps any error to problem+json.
 * `public` routes still see the caller if there is one.
 */
export function apiRoute<P = Record<string, never>>(
  access: "public" | ManagementScope,
  handler: (args: Args<P>) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const caller = await resolveApiCaller(request);
      if (access !== "public") {
        if (!caller.actor) throw new UnauthorizedError("Sign in, or send a Bearer token with the scope " + access + ".");
        const allowed =
          caller.via === "bearer" ? caller.scopes?.includes(access) : rolesAllow(caller.actor.roles, MANAGEMENT_SCOPES[access]);
        if (!allowed) throw new ForbiddenError(`This needs the scope ${access}.`);
      }
      checkQuery(request);
      const params = checkParams(await context.params);
      const ctx: Ctx = { actor: caller.actor, db: await getDb() };
      return await handler({ request, params, ctx });
    } catch (error) {
      return problemFromError(error);
    }
  };
}

/**
 * Route parameters as every handler may trust them: an `…Id` parameter is a well-formed id (else a
 * 404, as an id that does not exist), and no parameter holds a control character (a 404 too).
 */
function checkParams<P>(params: P): P {
  if (!params || typeof params !== "object") return params;
  const checked: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  for (const [name, value] of Object.entries(checked)) {
    if (isIdParam(name)) checked[name] = parseIdParam(name, value);
    else if (typeof value === "string" && hasUnsafeChars(value)) throw new NotFoundError(name);
  }
  return checked as P;
}

/** A query string whose parameters hold a control character (`%00`, …) is a 400 before any handler reads it. */
function checkQuery(request: Request) {
  for (const [name, value] of new URL(request.url).searchParams) {
    if (hasUnsafeChars(name) || hasUnsafeChars(value)) throw new BadRequestError(`The query parameter ${name.replace(/[^\x20-\x7e]/g, "?")} holds a control character.`);
  }
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store", ...headers } });
}
