import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { apis, usageRollups } from "@/db/schema";
import type { Ctx } from "@/lib/services/context";
import { scopeFor, sliceIs } from "./scope";

export type LastAccessRow = { apiId: string; apiName: string; apiVersion: string; context: string; state: string; lastCallAt: string | null };

/**
 * When each API in scope was last called (from the day roll-ups, which are kept longest), APIs never
 * called included. Publisher audience: own organization's APIs; admins every API.
 */
export async function lastAccessPerApi({ ctx }: { ctx: Ctx }): Promise<LastAccessRow[]> {
  const { scope } = scopeFor(ctx, "publisher");
  const last = ctx.db
    .select({ apiId: usageRollups.apiId, lastCallAt: sql<Date | null>`max(${usageRollups.lastCallAt})`.as("last_call_at") })
    .from(usageRollups)
    .where(and(eq(usageRollups.granularity, "day"), sliceIs("api")))
    .groupBy(usageRollups.apiId)
    .as("last");
  const rows = await ctx.db
    .select({
      apiId: apis.id,
      apiName: apis.name,
      apiVersion: apis.version,
      context: apis.context,
      state: apis.state,
      lastCallAt: sql<Date | null>`${last.lastCallAt}`.mapWith(usageRollups.lastCallAt),
    })
    .from(apis)
    .leftJoin(last, eq(last.apiId, apis.id))
    .where(scope.kind === "organization" ? eq(apis.organizationId, scope.organizationId) : undefined)
    .orderBy(sql`${last.lastCallAt} desc nulls last`, asc(apis.name), asc(apis.version))
    .limit(500);
  return rows.map((row) => ({ ...row, lastCallAt: row.lastCallAt?.toISOString() ?? null }));
}
