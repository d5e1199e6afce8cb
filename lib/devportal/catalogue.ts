import "server-only";
import { and, arrayContains, avg, count, desc, eq, gte, ilike, inArray, sql, type SQL } from "drizzle-orm";
import { apis, ratings, subscriptions, usageRollups, users } from "@/db/schema";
import type { ApiState } from "@/db/schema/apis";
import { parseInput, type Ctx } from "@/lib/services/context";
import { CatalogueQuery, type CatalogueSort } from "./schemas";
import { visibleApiFilter } from "./visibility";

/** "Most used" counts calls through the gateway over this many days (whole UTC days, as rolled up). */
const USAGE_WINDOW_DAYS = 30;

export type CatalogueEntry = {
  id: string;
  name: string;
  context: string;
  version: string;
  description: string;
  tags: string[];
  state: ApiState;
  createdAt: string;
  rating: { average: number | null; count: number };
  subscriptions: number;
  calls: number;
};

export type ParsedQuery = { name?: string; tag?: string; creator?: string };

/** `tag:foo`, `creator:email` and free text (the name), in any combination. */
export function parseSearch(query: string | undefined): ParsedQuery {
  const parsed: ParsedQuery = {};
  const words: string[] = [];
  for (const word of (query ?? "").split(/\s+/).filter(Boolean)) {
    const match = /^(tag|creator):(.+)$/i.exec(word);
    if (match) parsed[match[1].toLowerCase() as "tag" | "creator"] = match[2];
    else words.push(word);
  }
  if (words.length) parsed.name = words.join(" ");
  return parsed;
}

type Queryable = Ctx["db"];

/** Per-API aggregates as derived tables: joined, so drizzle qualifies every column of the outer query. */
function statistics(db: Queryable) {
  const rated = db
    .select({ apiId: ratings.apiId, average: avg(ratings.rating).as("average_rating"), count: count().as("rating_count") })
    .from(ratings)
    .groupBy(ratings.apiId)
    .as("rated");
  const subscribed = db
    .select({ apiId: subscriptions.apiId, count: count().as("subscription_count") })
    .from(subscriptions)
    .groupBy(subscriptions.apiId)
    .as("subscribed");
  // From the day roll-ups, not the raw events: this runs on every catalogue page, and a scan of a
  // month of raw events (millions of rows on a busy gateway) would take seconds.
  const used = db
    .select({ apiId: usageRollups.apiId, count: sql<number>`sum(${usageRollups.calls})`.as("call_count") })
    .from(usageRollups)
    .where(
      and(
        eq(usageRollups.granularity, "day"),
        eq(usageRollups.slice, "api"),
        gte(usageRollups.bucket, sql`date_trunc('day', now() - ${sql.raw(`interval '${USAGE_WINDOW_DAYS} days'`)}, 'UTC')`),
      ),
    )
    .groupBy(usageRollups.apiId)
    .as("used");
  return { rated, subscribed, used };
}

function ordering(sort: CatalogueSort, { rated, subscribed, used }: ReturnType<typeof statistics>): SQL[] {
  switch (sort) {
    case "rating":
      return [sql`${rated.average} desc nulls last`, sql`${rated.count} desc nulls last`, desc(apis.createdAt)];
    case "usage":
      return [sql`${used.count} desc nulls last`, sql`${subscribed.count} desc nulls last`, desc(apis.createdAt)];
    default:
      return [desc(apis.createdAt)];
  }
}

/** The developer portal's catalogue: what the caller may see, searched, filtered by tag and sorted. */
export async function listCatalogue({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<CatalogueEntry[]> {
  const { query, tag, sort } = parseInput(CatalogueQuery, input);
  const search = parseSearch(query);
  const filters: (SQL | undefined)[] = [visibleApiFilter(ctx.actor)];
  if (search.name) filters.push(ilike(apis.name, `%${escapeLike(search.name)}%`));
  for (const wanted of [search.tag, tag]) if (wanted) filters.push(arrayContains(apis.tags, [wanted]));
  if (search.creator) {
    filters.push(inArray(apis.createdBy, ctx.db.select({ id: users.id }).from(users).where(eq(users.email, search.creator.toLowerCase()))));
  }
  const stats = statistics(ctx.db);
  const { rated, subscribed, used } = stats;
  const rows = await ctx.db
    .select({
      id: apis.id,
      name: apis.name,
      context: apis.context,
      version: apis.version,
      description: apis.description,
      tags: apis.tags,
      state: apis.state,
      createdAt: apis.createdAt,
      averageRating: rated.average,
      ratingCount: rated.count,
      subscriptionCount: subscribed.count,
      recentCalls: used.count,
    })
    .from(apis)
    .leftJoin(rated, eq(rated.apiId, apis.id))
    .leftJoin(subscribed, eq(subscribed.apiId, apis.id))
    .leftJoin(used, eq(used.apiId, apis.id))
    .where(and(...filters))
    .orderBy(...ordering(sort, stats))
    .limit(200);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    context: row.context,
    version: row.version,
    description: row.description,
    tags: row.tags,
    state: row.state,
    createdAt: row.createdAt.toISOString(),
    rating: { average: row.averageRating === null ? null : Math.round(Number(row.averageRating) * 10) / 10, count: Number(row.ratingCount ?? 0) },
    subscriptions: Number(row.subscriptionCount ?? 0),
    calls: Number(row.recentCalls ?? 0),
  }));
}

/** Every tag of the APIs the caller may see, most used first, for the tag filter. */
export async function listCatalogueTags({ ctx }: { ctx: Ctx }): Promise<{ tag: string; count: number }[]> {
  const tag = sql<string>`unnest(${apis.tags})`;
  const rows = await ctx.db.select({ tag }).from(apis).where(visibleApiFilter(ctx.actor));
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.tag, (counts.get(row.tag) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ tag: name, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
