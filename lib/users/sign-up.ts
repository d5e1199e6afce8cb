import "server-only";
import { users } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { createDefaultApplication } from "@/lib/devportal/default-application";
import { ConflictError, isUniqueViolation } from "@/lib/errors";
import { parseInput, type Ctx } from "@/lib/services/context";
import { recordAudit } from "@/lib/audit/record";
import { defaultOrganizationId } from "./organizations";
import { SignUpInput } from "./schemas";

export type SignedUpUser = { id: string; email: string; name: string; roles: string[] };

/** Self sign-up: a subscriber in the default organization, with a DefaultApplication. Open to anyone. */
export async function signUp({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<SignedUpUser> {
  const data = parseInput(SignUpInput, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await ctx.db.transaction(async (tx) => {
      const organizationId = await defaultOrganizationId(tx);
      const [user] = await tx
        .insert(users)
        .values({ organizationId, email: data.email, name: data.name, passwordHash, roles: ["subscriber"] })
        .returning({ id: users.id, email: users.email, name: users.name, roles: users.roles });
      await createDefaultApplication(tx, user.id);
      await recordAudit(tx, null, { action: "user.sign_up", targetType: "user", targetId: user.id, details: { email: user.email } });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("An account with this email already exists. Sign in instead.");
    throw error;
  }
}
