import { getDb } from "@/db";
import { MANAGEMENT_SCOPES, rolesAllow, type ManagementScope } from "@/lib/auth/roles";
import { BadRequestError, ForbiddenError, UnauthorizedError } from "@/lib/errors";
import type { Ctx } from "@/lib/services/context";
import { resolveApiCaller } from "./api-caller";
import { problemFromError } from "./problem";

type Args<P> = { request: Request; params: P; ctx: Ctx };

/**
 * Wraps a `/api/v1` route handler: resolves the caller, checks the management scope (a token must
 * carry it; a session user's roles must allow it), runs the handler and maps any error to problem+json.
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
      const ctx: Ctx = { actor: caller.actor, db: await getDb() };
      return await handler({ request, params: await context.params, ctx });
    } catch (error) {
      return problemFromError(error);
    }
  };
}

/** The request's JSON body; malformed JSON is a 400, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new BadRequestError("Send a JSON body with Content-Type: application/json.");
  try {
    return await request.json();
  } catch {
    throw new BadRequestError("The request body is not valid JSON.");
  }
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store", ...headers } });
}
