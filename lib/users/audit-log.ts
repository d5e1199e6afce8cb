import "server-only";
import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "@/db/schema";
import { escapeLike } from "@/lib/devportal/catalogue";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

const AuditLogInput = z.object({
  /** An action ("user.create") or a prefix ending in a dot ("user.") for a family of actions. */
  action: z.preprocess(blank, z.string().trim().max(100).optional()),
  /** Part of the actor's email, or "system" for actions nobody signed in did. */
  actor: z.preprocess(blank, z.string().trim().max(254).optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1)),
  pageSize: z.preprocess(blank, z.coerce.number().int().min(1).max(200).default(50)),
});
export type AuditLogInput = z.input<typeof AuditLogInput>;

export type AuditEntryDto = {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
};

export type AuditPage = { entries: AuditEntryDto[]; total: number; page: number; pageSize: number; pages: number };

/** Privileged actions, newest first, filtered by action and actor, a page at a time. Admins only. */
export async function listAuditLog({ ctx, input = {} }: { ctx: Ctx; input?: unknown }): Promise<AuditPage> {
  authorize(ctx, "admin:manage");
  const { action, actor, page, pageSize } = parseInput(AuditLogInput, input);
  const filters: (SQL | undefined)[] = [];
  if (action) filters.push(action.endsWith(".") ? ilike(auditLog.action, `${escapeLike(action)}%`) : eq(auditLog.action, action));
  if (actor) filters.push(or(ilike(auditLog.actorEmail, `%${escapeLike(actor)}%`), sql`${auditLog.actorId}::text = ${actor}`));
  const where = and(...filters);
  const [[{ total }], rows] = await Promise.all([
    ctx.db.select({ total: sql<number>`count(*)`.mapWith(Number) }).from(auditLog).where(where),
    ctx.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
  ]);
  return {
    entries: rows.map((row) => ({ ...row, at: row.at.toISOString() })),
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
  };
}

/** The distinct actions recorded so far, for the filter's choices. */
export async function auditActions({ ctx }: { ctx: Ctx }): Promise<string[]> {
  authorize(ctx, "admin:manage");
  const rows = await ctx.db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action).limit(500);
  return rows.map((row) => row.action);
}
