import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { isId } from "@/lib/http/id";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { lockUserAmongAdmins } from "./set-roles";

const SetDisabledInput = z.object({
  disabled: z.preprocess((value) => (value === "true" ? true : value === "false" ? false : value), z.boolean("Send disabled as true or false.")),
});

async function lockUser(tx: Tx, userId: string) {
  if (!isId(userId)) throw new NotFoundError("user");
  const [row] = await tx
    .select({ id: users.id, email: users.email, roles: users.roles, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, userId))
    // Not `update`: the audit row's foreign key takes a key-share lock on the acting user, which
    // `for update` blocks, so two admins acting on each other would deadlock.
    .for("no key update");
  if (!row) throw new NotFoundError("user");
  return row;
}

/**
 * Disables or re-enables an account. A disabled user cannot sign in, and their sessions and tokens
 * stop working for the portals and the REST API at once (the actor is re-read on every request).
 * An admin cannot disable themself, nor the last active admin.
 */
export async function setUserDisabled({ ctx, userId, input }: { ctx: Ctx; userId: string; input: unknown }) {
  const actor = authorize(ctx, "admin:manage");
  const { disabled } = parseInput(SetDisabledInput, input);
  return ctx.db.transaction(async (tx) => {
    const { user, otherActiveAdmins } = await lockUserAmongAdmins(tx, userId);
    if (disabled && user.id === actor.id) throw new ConflictError("You cannot disable your own account.");
    if (disabled && user.roles.includes("admin") && !user.disabled && otherActiveAdmins === 0) {
      throw new ConflictError("This is the last active administrator. Make someone else an admin first.");
    }
    if (user.disabled !== disabled) {
      await tx.update(users).set({ disabled, updatedAt: new Date() }).where(eq(users.id, user.id));
      await recordAudit(tx, actor, {
        action: disabled ? "user.disable" : "user.enable",
        targetType: "user",
        targetId: user.id,
        details: { email: user.email },
      });
    }
    return { id: user.id, email: user.email, disabled };
  });
}

/** Sets a new generated password and returns it, to be shown once. The password is never logged or audited. */
export async function resetUserPassword({ ctx, userId }: { ctx: Ctx; userId: string }): Promise<{ id: string; email: string; generatedPassword: string }> {
  const actor = authorize(ctx, "admin:manage");
  const generatedPassword = generatePassword();
  const passwordHash = await hashPassword(generatedPassword);
  return ctx.db.transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    await recordAudit(tx, actor, { action: "user.password.reset", targetType: "user", targetId: user.id, details: { email: user.email } });
    return { id: user.id, email: user.email, generatedPassword };
  });
}
