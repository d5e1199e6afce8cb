import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { organizations, users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import type { Actor, Ctx } from "@/lib/services/context";
import { defaultOrganizationId } from "@/lib/users/organizations";

export const TEST_PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

/** A user with the given roles (default: subscriber) in the default organization unless told otherwise. */
export async function createUser(
  db: Database,
  overrides: Partial<{ email: string; name: string; roles: Role[]; organizationId: string; disabled: boolean }> = {},
): Promise<Actor> {
  const suffix = uniqueSuffix();
  const [row] = await db
    .insert(users)
    .values({
      organizationId: overrides.organizationId ?? (await defaultOrganizationId(db)),
      email: overrides.email ?? `user-${suffix}@example.test`,
      name: overrides.name ?? `User ${suffix}`,
      passwordHash: await (passwordHash ??= hashPassword(TEST_PASSWORD)),
      roles: overrides.roles ?? ["subscriber"],
      disabled: overrides.disabled ?? false,
    })
    .returning();
  return { id: row.id, email: row.email, name: row.name, roles: row.roles, organizationId: row.organizationId };
}

export async function createOrganization(db: Database, name = `Org ${uniqueSuffix()}`): Promise<string> {
  const [row] = await db
    .insert(organizations)
    .values({ name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-") })
    .returning({ id: organizations.id });
  return row.id;
}

export function ctxFor(db: Database, actor: Actor | null): Ctx {
  return { db, actor };
}
