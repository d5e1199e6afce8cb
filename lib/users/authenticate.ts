import "server-only";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/services/context";
import { findUnsafeText } from "@/lib/http/unsafe-text";
import { SignInInput } from "./schemas";
import { isId } from "@/lib/http/id";

const actorColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  roles: users.roles,
  organizationId: users.organizationId,
  disabled: users.disabled,
};

/** Checks an email and password. Null for any failure, in the same time whether or not the email exists. */
export async function authenticateUser(db: Database, input: unknown): Promise<Actor | null> {
  // A control character (a NUL in Basic credentials, …) names no account and must not reach a query.
  if (findUnsafeText(input) !== null) return null;
  const parsed = SignInInput.safeParse(input);
  if (!parsed.success) return null;
  const [row] = await db
    .select({ ...actorColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, parsed.data.email));
  const ok = await verifyPassword(parsed.data.password, row?.passwordHash ?? (await dummyPasswordHash()));
  if (!row || !ok || row.disabled) return null;
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, row.id));
  return toActor(row);
}

/** The actor behind a session: re-read every request, so disabling a user or changing roles applies at once. */
export async function loadActor(db: Database, userId: string): Promise<Actor | null> {
  if (!isId(userId)) return null;
  const [row] = await db.select(actorColumns).from(users).where(eq(users.id, userId));
  return row && !row.disabled ? toActor(row) : null;
}

function toActor(row: { id: string; email: string; name: string; roles: Actor["roles"]; organizationId: string }): Actor {
  return { id: row.id, email: row.email, name: row.name, roles: row.roles, organizationId: row.organizationId };
}
