import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ROLES, type Role } from "@/lib/auth/roles";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";

const SetRolesInput = z.object({
  roles: z
    .array(z.enum(ROLES))
    .min(1, "Give the user at least one role.")
    .transform((roles) => [...new Set(roles)]),
});
export type SetRolesInput = z.input<typeof SetRolesInput>;

export type UserRoles = { id: string; email: string; name: string; roles: Role[] };

/** Replaces a user's roles. Admins only; the last admin cannot lose the admin role. */
export async function setRoles({ ctx, userId, input }: { ctx: Ctx; userId: string; input: unknown }): Promise<UserRoles> {
  const actor = authorize(ctx, "admin:manage");
  const { roles } = parseInput(SetRolesInput, input);
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new NotFoundError("user");
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select({ id: users.id, roles: users.roles }).from(users).where(eq(users.id, userId)).for("update");
    if (!current) throw new NotFoundError("user");
    if (current.roles.includes("admin") && !roles.includes("admin")) {
      const [{ others }] = await tx
        .select({ others: sql<number>`count(*)::int` })
        .from(users)
        .where(and(ne(users.id, userId), eq(users.disabled, false), sql`'admin' = any(${users.roles})`));
      if (others === 0) throw new ConflictError("This is the last administrator. Make someone else an admin first.");
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
