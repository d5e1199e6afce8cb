import "server-only";
import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { apis, applications, subscriptions } from "@/db/schema";
import type { Ctx } from "@/lib/services/context";
import { prepareReport, type AnalyticsScope } from "./scope";
import { bucketStarts } from "./time-range";
import { rangeDto, type RangeDto } from "./usage-totals";

export type SubscriptionsPoint = { bucket: string; created: number };
export type ApiSubscriptionsRow = { apiId: string; apiName: string; apiVersion: string; total: number; createdInRange: number };

function scopeFilter(scope: AnalyticsScope): SQL | undefined {
  if (scope.kind === "organization") return eq(apis.organizationId, scope.organizationId);
  if (scope.kind === "owner") return eq(applications.ownerId, scope.userId);
  return undefined;
}

/**
 * New subscriptions per bucket (from subscriptions.created_at), and per API the subscriptions it has
 * now and how many of them were made in the range. Publisher audience: own organization's APIs.
 */
export async function subscriptionsOverTime({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: unknown;
}): Promise<{ range: RangeDto; points: SubscriptionsPoint[]; byApi: ApiSubscriptionsRow[] }> {
  const report = prepareReport(ctx, "publisher", input);
  const { range } = report;
  const inRange = and(gte(subscriptions.createdAt, range.from), lt(subscriptions.createdAt, range.to));
  const where = and(scopeFilter(report.scope), report.apiId ? eq(subscriptions.apiId, report.apiId) : undefined);
  const unit = sql.raw(`'${range.granularity}'`);
  const bucket = sql<Date>`date_trunc(${unit}, ${subscriptions.createdAt}, 'UTC')`.mapWith(subscriptions.createdAt);
  const [series, perApi] = await Promise.all([
    ctx.db
      .select({ bucket, created: sql<number>`count(*)`.mapWith(Number) })
      .from(subscriptions)
      .innerJoin(apis, eq(apis.id, subscriptions.apiId))
      .innerJoin(applications, eq(applications.id, subscriptions.applicationId))
      .where(and(where, inRange))
      .groupBy(sql`1`)
      .orderBy(asc(sql`1`)),
    ctx.db
      .select({
        apiId: apis.id,
        apiName: apis.name,
        apiVersion: apis.version,
        total: sql<number>`count(*)`.mapWith(Number),
        createdInRange: sql<number>`count(*) filter (where ${inRange})`.mapWith(Number),
      })
      .from(subscriptions)
      .innerJoin(apis, eq(apis.id, subscriptions.apiId))
      .innerJoin(applications, eq(applications.id, subscriptions.applicationId))
      .where(where)
      .groupBy(apis.id, apis.name, apis.version)
      .orderBy(sql`count(*) desc`, asc(apis.name))
      .limit(200),
  ]);
  const byBucket = new Map(series.map((row) => [row.bucket.getTime(), row.created]));
  return {
    range: rangeDto(range),
    points: bucketStarts(range).map((start) => ({ bucket: start.toISOString(), created: byBucket.get(start.getTime()) ?? 0 })),
    byApi: perApi,
  };
}
