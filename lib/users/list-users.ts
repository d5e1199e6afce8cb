import { asc } from "drizzle-orm";
import { users } from "@/db/schema";
import { authorize, type Ctx } from "@/lib/services/context";

export type UserSummary = Pick<typeof users.$inferSelect, "id" | "email" | "name" | "roles" | "disabled" | "createdAt" | "lastSignInAt">;

/** Every user of the platform, for administrators. */
export async function listUsers({ ctx }: { ctx: Ctx }): Promise<UserSummary[]> {
  authorize(ctx, "admin:manage");
  return ctx.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      roles: users.roles,
      disabled: users.disabled,
      createdAt: users.createdAt,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .orderBy(asc(users.email));
}
