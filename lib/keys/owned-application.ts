import "server-only";
import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { applications } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";

export type OwnedApplication = { id: string; name: string; ownerId: string; throttlingTier: string };

/** The caller's own application; anyone else's is a 404, as if it did not exist. */
export async function ownedApplication(db: Queryable, actor: Actor, applicationId: string): Promise<OwnedApplication> {
  const [row] = await db
    .select({ id: applications.id, name: applications.name, ownerId: applications.ownerId, throttlingTier: applications.throttlingTier })
    .from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.ownerId, actor.id)));
  if (!row) throw new NotFoundError("application");
  return row;
}
