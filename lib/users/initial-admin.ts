import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { createDefaultApplication } from "@/lib/devportal/default-application";
import { recordAudit } from "@/lib/audit/record";
import { defaultOrganizationId } from "./organizations";

export type InitialAdmin = { created: false } | { created: true; email: string; generatedPassword?: string };

/**
 * First start: when no admin exists, create one from ADMIN_EMAIL/ADMIN_PASSWORD, or with a generated
 * password that the caller prints once. Safe when two processes start together (the email is unique).
 */
export async function ensureInitialAdmin(db: Database, options: { email: string; password?: string }): Promise<InitialAdmin> {
  const [{ admins }] = await db
    .select({ admins: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`'admin' = any(${users.roles})`);
  if (admins > 0) return { created: false };

  const password = options.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const email = options.email.toLowerCase();
  return db.transaction(async (tx) => {
    const organizationId = await defaultOrganizationId(tx);
    const [user] = await tx
      .insert(users)
      .values({ organizationId, email, name: "Administrator", passwordHash, roles: ["admin", "publisher", "creator", "subscriber"] })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!user) return { created: false } as const;
    await createDefaultApplication(tx, user.id);
    await recordAudit(tx, null, { action: "user.create_initial_admin", targetType: "user", targetId: user.id, details: { email } });
    return { created: true, email, generatedPassword: options.password ? undefined : password } as const;
  });
}
