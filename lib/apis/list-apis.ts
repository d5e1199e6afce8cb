import "server-only";
import { and, desc, eq, ilike, or, arrayOverlaps, type SQL } from "drizzle-orm";
import { z } from "zod";
import { apis, API_STATES } from "@/db/schema";
import { escapeLike } from "@/lib/devportal/catalogue";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";

const ListApisQuery = z.object({
  query: z.string().trim().max(200).optional(),
  state: z.enum(API_STATES).optional(),
});

export type ApiSummary = Pick<
  typeof apis.$inferSelect,
  "id" | "name" | "context" | "version" | "state" | "tags" | "isDefaultVersion" | "updatedAt"
>;

/** The caller's organization's APIs, searchable by name, context or tag (`tag:pizza` for tags only), and filterable by state. */
export async function listApis({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ApiSummary[]> {
  const actor = authorize(ctx, "api:view");
  const { query, state } = parseInput(ListApisQuery, input);
  const filters: (SQL | undefined)[] = [eq(apis.organizationId, actor.organizationId)];
  if (state) filters.push(eq(apis.state, state));
  const tag = query?.match(/^tag:\s*(.+)$/i)?.[1].trim().toLowerCase();
  if (tag) filters.push(arrayOverlaps(apis.tags, [tag]));
  else if (query) {
    const like = `%${escapeLike(query)}%`;
    filters.push(or(ilike(apis.name, like), ilike(apis.context, like), arrayOverlaps(apis.tags, [query.toLowerCase()])));
  }
  return ctx.db
    .select({
      id: apis.id,
      name: apis.name,
      context: apis.context,
      version: apis.version,
      state: apis.state,
      tags: apis.tags,
      isDefaultVersion: apis.isDefaultVersion,
      updatedAt: apis.updatedAt,
    })
    .from(apis)
    .where(and(...filters))
    .orderBy(desc(apis.updatedAt))
    .limit(500);
}
