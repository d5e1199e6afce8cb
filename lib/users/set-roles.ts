import "server-only";
import { and, asc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ROLES, type Role } from "@/lib/auth/roles";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { isId } from "@/lib/http/id";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";

const SetRolesInput = z.object({
  roles: z
    .array(z.enum(ROLES))
    .min(1, "Give the user at least one role.")
    .transform((roles) => [...new Set(roles)]),
});
export type SetRolesInput = z.input<typeof SetRolesInput>;

export type UserRoles = { id: string; email: string; name: string; roles: Role[] };

type LockedUser = { id: string; email: string; roles: Role[]; disabled: boolean; tokensValidFrom: Date | null };

/**
 * Locks the user and every active administrator, in id order, for the rest of the transaction.
 * One order for every role or status change means two of them never wait on each other crosswise
 * (the deadlock two admins changing each other hit); locking the admins makes the last-admin check
 * hold until commit, so two concurrent demotions cannot both see "someone else is still an admin".
 * `no key update` rather than `update`: the audit row's foreign key to the acting user takes a
 * key-share lock on that user, which `for update` would block.
 */
export async function lockUserAmongAdmins(tx: Tx, userId: string): Promise<{ user: LockedUser; otherActiveAdmins: number }> {
  if (!isId(userId)) throw new NotFoundError("user");
  const rows = await tx
    .select({ id: users.id, email: users.email, roles: users.roles, disabled: users.disabled, tokensValidFrom: users.tokensValidFrom })
    .from(users)
    .where(or(eq(users.id, userId), and(eq(users.disabled, false), sql`'admin' = any(${users.roles})`)))
    .orderBy(asc(users.id))
    .for("no key update");
  const user = rows.find((row) => row.id === userId);
  if (!user) throw new NotFoundError("user");
  const otherActiveAdmins = rows.filter((row) => row.id !== userId && !row.disabled && row.roles.includes("admin")).length;
  return { user, otherActiveAdmins };
}

/** Replaces a user's roles. Admins only; the last admin cannot lose the admin role. */
export async function setRoles({ ctx, userId, input }: { ctx: Ctx; userId: string; input: unknown }): Promise<UserRoles> {
  const actor = authorize(ctx, "admin:manage");
  const { roles } = parseInput(SetRolesInput, input);
  if (!isId(userId)) throw new NotFoundError("user");
  return ctx.db.transaction(async (tx) => {
    const { user: current, otherActiveAdmins } = await lockUserAmongAdmins(tx, userId);
    if (current.roles.includes("admin") && !roles.includes("admin") && otherActiveAdmins === 0) {
      throw new ConflictError("This is the last administrator. Make someone else an admin first.");
    }
    const [updated] = await tx
      .update(users)
      .set({ roles, updatedAt: new Date() })
      .where(eq(users.id, userId))
      .returning({ id: users.id, email: users.email, name: users.name, roles: users.roles });
    await recordAudit(tx, actor, { action: "user.roles.set", targetType: "user", targetId: userId, details: { from: current.roles, to: roles } });
    return updated;
  });
}
