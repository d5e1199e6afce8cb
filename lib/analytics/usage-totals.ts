import "server-only";
import { asc } from "drizzle-orm";
import { usageRollups } from "@/db/schema";
import type { Ctx } from "@/lib/services/context";
import { figures, measuresFor, type UsageFigures } from "./aggregates";
import { percentile } from "./histogram";
import { prepareReport, sliceFor, usageRows, type Audience } from "./scope";
import { bucketStarts, type ResolvedRange } from "./time-range";

export type RangeDto = { from: string; to: string; granularity: ResolvedRange["granularity"]; preset: ResolvedRange["preset"] };

export function rangeDto(range: ResolvedRange): RangeDto {
  return { from: range.from.toISOString(), to: range.to.toISOString(), granularity: range.granularity, preset: range.preset };
}

export type UsageTotals = UsageFigures & { range: RangeDto };

/** Totals and latency percentiles (gateway and backend) over the range. */
export async function usageTotals({ ctx, audience, input }: { ctx: Ctx; audience: Audience; input: unknown }): Promise<UsageTotals> {
  const report = prepareReport(ctx, audience, input);
  const slice = sliceFor(report, "none");
  const [row] = await ctx.db.select(measuresFor(slice)).from(usageRows(ctx.db, report, slice));
  return { ...figures(row), range: rangeDto(report.range) };
}

export type UsagePoint = { bucket: string; calls: number; errors: number; throttled: number; p95LatencyMs: number | null };
export type UsageSeries = { range: RangeDto; points: UsagePoint[] };

/** Calls, errors, throttled calls and p95 latency per bucket; quiet buckets are zeros, not gaps. */
export async function usageOverTime({ ctx, audience, input }: { ctx: Ctx; audience: Audience; input: unknown }): Promise<UsageSeries> {
  const report = prepareReport(ctx, audience, input);
  const slice = sliceFor(report, "none");
  // Only what a point shows: summing the backend histogram too doubled the work per row (and spilled the sort to disk).
  const { calls, clientErrors, serverErrors, throttled, latencyHistogram } = measuresFor(slice);
  const rows = await ctx.db
    .select({ bucket: usageRollups.bucket, calls, clientErrors, serverErrors, throttled, latencyHistogram })
    .from(usageRows(ctx.db, report, slice, { perBucket: true }))
    .groupBy(usageRollups.bucket)
    .orderBy(asc(usageRollups.bucket));
  const byBucket = new Map(rows.map((row) => [row.bucket.getTime(), row]));
  const points = bucketStarts(report.range).map((start): UsagePoint => {
    const row = byBucket.get(start.getTime());
    return {
      bucket: start.toISOString(),
      calls: row?.calls ?? 0,
      errors: row ? row.clientErrors + row.serverErrors : 0,
      throttled: row?.throttled ?? 0,
      p95LatencyMs: row ? percentile(row.latencyHistogram, 0.95) : null,
    };
  });
  return { range: rangeDto(report.range), points };
}
