import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { organizations, users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { ROLES } from "@/lib/auth/roles";
import { createDefaultApplication } from "@/lib/devportal/default-application";
import { ConflictError, isUniqueViolation, ValidationError } from "@/lib/errors";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import type { UserSummary } from "./list-users";
import { EmailSchema, PasswordSchema } from "./schemas";

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

export const RolesSchema = z
  .array(z.enum(ROLES, "Choose roles from admin, publisher, creator and subscriber."))
  .min(1, "Give the user at least one role.")
  .transform((roles) => ROLES.filter((role) => roles.includes(role)));

const CreateUserInput = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1, "Enter the user's name.").max(100),
  roles: RolesSchema,
  /** Leave out to have one generated and shown once. */
  password: z.preprocess(blank, PasswordSchema.optional()),
  /** Leave out for the admin's own organization. */
  organizationId: z.preprocess(blank, z.uuid("Choose an organization from the list.").optional()),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export type CreatedUser = { user: UserSummary; generatedPassword?: string };

/** An admin creates an account with roles (and a DefaultApplication, as at sign-up). Admins only. */
export async function createUser({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<CreatedUser> {
  const actor = authorize(ctx, "admin:manage");
  const data = parseInput(CreateUserInput, input);
  const password = data.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const user = await ctx.db.transaction(async (tx) => {
      const organizationId = data.organizationId ?? actor.organizationId;
      const [organization] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
      if (!organization) throw new ValidationError("organizationId: unknown organization", { organizationId: ["Choose an organization from the list."] });
      const [row] = await tx
        .insert(users)
        .values({ organizationId, email: data.email, name: data.name, passwordHash, roles: data.roles })
        .returning({
          id: users.id,
          email: users.email,
          name: users.name,
          roles: users.roles,
          disabled: users.disabled,
          createdAt: users.createdAt,
          lastSignInAt: users.lastSignInAt,
        });
      await createDefaultApplication(tx, row.id);
      await recordAudit(tx, actor, {
        action: "user.create",
        targetType: "user",
        targetId: row.id,
        details: { email: row.email, roles: row.roles, organizationId, passwordGenerated: !data.password },
      });
      return row;
    });
    return data.password ? { user } : { user, generatedPassword: password };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("An account with this email already exists.");
    throw error;
  }
}
