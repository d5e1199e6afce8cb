import { and, arrayOverlaps, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { apis } from "@/db/schema";
import { parseInput, type Ctx } from "@/lib/services/context";

/** States an API is listed in (SPEC "Lifecycle": DEPRECATED only to existing subscribers, handled elsewhere). */
export const CATALOGUE_STATES = ["PUBLISHED", "PROTOTYPED"] as const;

const CatalogueQuery = z.object({ query: z.string().trim().max(200).optional() });

export type CatalogueEntry = {
  id: string;
  name: string;
  context: string;
  version: string;
  description: string;
  tags: string[];
  state: (typeof apis.$inferSelect)["state"];
};

/** The developer portal's catalogue: public APIs for everyone, restricted ones for the roles allowed. */
export async function listCatalogue({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<CatalogueEntry[]> {
  const { query } = parseInput(CatalogueQuery, input);
  const visible: SQL[] = [eq(apis.visibility, "PUBLIC")];
  if (ctx.actor) {
    const restricted = and(eq(apis.visibility, "RESTRICTED"), arrayOverlaps(apis.visibleRoles, ctx.actor.roles));
    if (restricted) visible.push(restricted);
  }
  const filters: (SQL | undefined)[] = [inArray(apis.state, [...CATALOGUE_STATES]), or(...visible)];
  if (query) filters.push(or(ilike(apis.name, `%${escapeLike(query)}%`), arrayOverlaps(apis.tags, [query])));
  return ctx.db
    .select({
      id: apis.id,
      name: apis.name,
      context: apis.context,
      version: apis.version,
      description: apis.description,
      tags: apis.tags,
      state: apis.state,
    })
    .from(apis)
    .where(and(...filters))
    .orderBy(desc(apis.createdAt))
    .limit(200);
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
