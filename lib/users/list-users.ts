import "server-only";
import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { organizations, users } from "@/db/schema";
import { ROLES } from "@/lib/auth/roles";
import { escapeLike } from "@/lib/devportal/catalogue";
import { NotFoundError } from "@/lib/errors";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { isId } from "@/lib/http/id";

export type UserSummary = Pick<typeof users.$inferSelect, "id" | "email" | "name" | "roles" | "disabled" | "createdAt" | "lastSignInAt">;

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

const ListUsersInput = z.object({
  query: z.preprocess(blank, z.string().trim().max(200).optional()),
  role: z.preprocess(blank, z.enum(ROLES).optional()),
  status: z.preprocess(blank, z.enum(["active", "disabled"]).optional()),
});
export type ListUsersInput = z.input<typeof ListUsersInput>;

const summaryColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  roles: users.roles,
  disabled: users.disabled,
  createdAt: users.createdAt,
  lastSignInAt: users.lastSignInAt,
};

/** Users of the platform for administrators, optionally searched by name or email and filtered by role or status. */
export async function listUsers({ ctx, input = {} }: { ctx: Ctx; input?: unknown }): Promise<UserSummary[]> {
  authorize(ctx, "admin:manage");
  const { query, role, status } = parseInput(ListUsersInput, input);
  const filters: (SQL | undefined)[] = [];
  if (query) filters.push(or(ilike(users.email, `%${escapeLike(query)}%`), ilike(users.name, `%${escapeLike(query)}%`)));
  if (role) filters.push(sql`${role} = any(${users.roles})`);
  if (status) filters.push(eq(users.disabled, status === "disabled"));
  return ctx.db
    .select(summaryColumns)
    .from(users)
    .where(and(...filters))
    .orderBy(asc(users.email))
    .limit(1000);
}

export type UserDetail = UserSummary & { organizationId: string; organizationName: string; updatedAt: Date };

/** One user with their organization, for administrators. */
export async function getUser({ ctx, userId }: { ctx: Ctx; userId: string }): Promise<UserDetail> {
  authorize(ctx, "admin:manage");
  if (!isId(userId)) throw new NotFoundError("user");
  const [row] = await ctx.db
    .select({ ...summaryColumns, updatedAt: users.updatedAt, organizationId: users.organizationId, organizationName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.organizationId))
    .where(eq(users.id, userId));
  if (!row) throw new NotFoundError("user");
  return row;
}

/** Organizations, for choosing where a new user belongs. */
export async function listOrganizations({ ctx }: { ctx: Ctx }): Promise<{ id: string; name: string; slug: string }[]> {
  authorize(ctx, "admin:manage");
  return ctx.db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug })
    .from(organizations)
    .orderBy(asc(organizations.name));
}
