import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { refreshTokens, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { isId } from "@/lib/http/id";
import { announce } from "@/lib/events/bus";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { lockUserAmongAdmins } from "./set-roles";

const SetDisabledInput = z.object({
  disabled: z.preprocess((value) => (value === "true" ? true : value === "false" ? false : value), z.boolean("Send disabled as true or false.")),
});

async function lockUser(tx: Tx, userId: string) {
  if (!isId(userId)) throw new NotFoundError("user");
  const [row] = await tx
    .select({ id: users.id, email: users.email, roles: users.roles, disabled: users.disabled, tokensValidFrom: users.tokensValidFrom })
    .from(users)
    .where(eq(users.id, userId))
    // Not `update`: the audit row's foreign key takes a key-share lock on the acting user, which
    // `for update` blocks, so two admins acting on each other would deadlock.
    .for("no key update");
  if (!row) throw new NotFoundError("user");
  return row;
}

/**
 * Disables or re-enables an account. A disabled user cannot sign in, and their sessions, tokens, API
 * keys and refresh tokens stop working everywhere at once: the portals and the REST API re-read the
 * actor on every request, and the gateways are told before this returns (the user's applications'
 * credentials die with them). Re-enabling does not bring back what was issued before the disabling:
 * the user signs in and gets new tokens and keys. An admin cannot disable themself, nor the last
 * active admin.
 */
export async function setUserDisabled({ ctx, userId, input }: { ctx: Ctx; userId: string; input: unknown }) {
  const actor = authorize(ctx, "admin:manage");
  const { disabled } = parseInput(SetDisabledInput, input);
  const result = await ctx.db.transaction(async (tx) => {
    const { user, otherActiveAdmins } = await lockUserAmongAdmins(tx, userId);
    if (disabled && user.id === actor.id) throw new ConflictError("You cannot disable your own account.");
    if (disabled && user.roles.includes("admin") && !user.disabled && otherActiveAdmins === 0) {
      throw new ConflictError("This is the last active administrator. Make someone else an admin first.");
    }
    let tokensValidFrom = user.tokensValidFrom;
    if (user.disabled !== disabled) {
      const now = new Date();
      if (disabled) {
        tokensValidFrom = now;
        await tx.update(refreshTokens).set({ revokedAt: now }).where(and(eq(refreshTokens.userId, user.id), isNull(refreshTokens.revokedAt)));
      }
      await tx.update(users).set({ disabled, tokensValidFrom, updatedAt: now }).where(eq(users.id, user.id));
      await recordAudit(tx, actor, {
        action: disabled ? "user.disable" : "user.enable",
        targetType: "user",
        targetId: user.id,
        details: { email: user.email },
      });
    }
    return { id: user.id, email: user.email, disabled, tokensValidFrom };
  });
  // Announced even when nothing changed, so a gateway that missed the first announcement catches up.
  await announce({
    type: "user.access.changed",
    userId: result.id,
    disabled: result.disabled,
    tokensValidFrom: result.tokensValidFrom?.getTime() ?? null,
  });
  return { id: result.id, email: result.email, disabled: result.disabled };
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
