import "server-only";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { organizations } from "@/db/schema";

export const DEFAULT_ORGANIZATION = { slug: "default", name: "Default organization" } as const;

/** The organization self-signed-up users join; created on first use. */
export async function defaultOrganizationId(db: Queryable): Promise<string> {
  await db.insert(organizations).values(DEFAULT_ORGANIZATION).onConflictDoNothing({ target: organizations.slug });
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, DEFAULT_ORGANIZATION.slug));
  return row.id;
}
