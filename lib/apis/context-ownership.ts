import "server-only";
import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apis } from "@/db/schema";
import { ConflictError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";

/**
 * A context belongs to one API name in one organization (its versions share it), and a name to one
 * context; (context, version) is unique. Anything else is a 409 that says what to do instead.
 */
export async function assertIdentityAvailable(tx: Tx, actor: Actor, api: { name: string; context: string; version: string }): Promise<void> {
  const [owner] = await tx
    .select({ name: apis.name, organizationId: apis.organizationId })
    .from(apis)
    .where(eq(apis.context, api.context))
    .limit(1);
  if (owner && owner.organizationId !== actor.organizationId) {
    throw new ConflictError(`The context ${api.context} is already in use. Choose another context.`);
  }
  if (owner && owner.name !== api.name) {
    throw new ConflictError(`The context ${api.context} belongs to the API “${owner.name}”. Choose another context, or create a new version of ${owner.name}.`);
  }
  const [namesake] = await tx
    .select({ context: apis.context })
    .from(apis)
    .where(and(eq(apis.organizationId, actor.organizationId), eq(apis.name, api.name), ne(apis.context, api.context)))
    .limit(1);
  if (namesake) {
    throw new ConflictError(`An API named “${api.name}” already exists at ${namesake.context}. Choose another name, or create a new version of it.`);
  }
  const [sameVersion] = await tx
    .select({ id: apis.id })
    .from(apis)
    .where(and(eq(apis.context, api.context), eq(apis.version, api.version)))
    .limit(1);
  if (sameVersion) throw duplicateVersion(api.context, api.version);
}

export function duplicateVersion(context: string, version: string): ConflictError {
  return new ConflictError(`${context} already has a version ${version}. Choose another version.`);
}
