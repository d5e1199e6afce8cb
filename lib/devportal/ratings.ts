import "server-only";
import { and, avg, count, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { ratings } from "@/db/schema";
import { authorize, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { RateInput } from "./schemas";
import { findVisibleApi } from "./visibility";

export type RatingSummary = { average: number | null; count: number; mine: number | null };

/** Rates an API from 1 to 5; one rating per user, so rating again replaces the earlier one. */
export async function rateApi({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<RatingSummary> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(RateInput, input);
  return ctx.db.transaction(async (tx) => {
    const api = await findVisibleApi(tx, actor, data.apiId);
    await tx
      .insert(ratings)
      .values({ apiId: api.id, userId: actor.id, rating: data.rating })
      .onConflictDoUpdate({ target: [ratings.apiId, ratings.userId], set: { rating: data.rating, updatedAt: new Date() } });
    return ratingSummary(tx, api.id, actor);
  });
}

/** The average (one decimal), how many rated, and the caller's own rating. */
export async function ratingSummary(db: Queryable, apiId: string, actor: Actor | null): Promise<RatingSummary> {
  const [[totals], mine] = await Promise.all([
    db.select({ average: avg(ratings.rating), count: count() }).from(ratings).where(eq(ratings.apiId, apiId)),
    actor
      ? db.select({ rating: ratings.rating }).from(ratings).where(and(eq(ratings.apiId, apiId), eq(ratings.userId, actor.id)))
      : Promise.resolve([]),
  ]);
  return {
    average: totals.average === null ? null : Math.round(Number(totals.average) * 10) / 10,
    count: Number(totals.count),
    mine: mine[0]?.rating ?? null,
  };
}
