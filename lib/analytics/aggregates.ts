import "server-only";
import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { usageRollups } from "@/db/schema";
import { histogramTotal, percentiles, type Percentiles } from "./histogram";
import type { RollupSlice } from "./rollup";
import type { PartialSums } from "./scope";
import { histogramSum } from "./sql";

type CountColumn = typeof usageRollups.calls | typeof usageRollups.clientErrors | typeof usageRollups.serverErrors | typeof usageRollups.throttled | typeof usageRollups.bytesOut;
const sum = (column: CountColumn) =>
  sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

/** The measures every usage report sums over roll-up rows. */
const usageMeasures = {
  calls: sum(usageRollups.calls),
  clientErrors: sum(usageRollups.clientErrors),
  serverErrors: sum(usageRollups.serverErrors),
  throttled: sum(usageRollups.throttled),
  latencySumMs: sql<number>`coalesce(sum(${usageRollups.latencySumMs}), 0)`.mapWith(Number),
  backendLatencySumMs: sql<number>`coalesce(sum(${usageRollups.backendLatencySumMs}), 0)`.mapWith(Number),
  latencyHistogram: histogramSum(sql`${usageRollups.latencyHistogram}`),
  backendLatencyHistogram: histogramSum(sql`${usageRollups.backendLatencyHistogram}`),
  bytesOut: sum(usageRollups.bytesOut),
};

const noHistogram = sql<number[]>`'[]'`.mapWith(() => [] as number[]);

/**
 * The measures for rows of one slice. Only the API slice has histograms; summing the empty ones of
 * the other slices would cost as much as summing real ones and answer nothing.
 */
export function measuresFor(slice: RollupSlice) {
  return slice === "api" ? usageMeasures : { ...usageMeasures, latencyHistogram: noHistogram, backendLatencyHistogram: noHistogram };
}

/**
 * The measures of a slice without histograms (application, resource) summed per group of `by` in each
 * branch of reportRows, under the names of the roll-up's own columns, so that `measuresFor` adds up
 * the branches' sums as it would the rows themselves.
 */
export function partialSums(by: Record<string, AnyPgColumn>): PartialSums {
  const total = (column: CountColumn) => sql`sum(${column})::bigint`.as(column.name);
  return {
    fields: {
      ...by,
      calls: total(usageRollups.calls),
      clientErrors: total(usageRollups.clientErrors),
      serverErrors: total(usageRollups.serverErrors),
      throttled: total(usageRollups.throttled),
      latencySumMs: sql`sum(${usageRollups.latencySumMs})`.as(usageRollups.latencySumMs.name),
      backendLatencySumMs: sql`sum(${usageRollups.backendLatencySumMs})`.as(usageRollups.backendLatencySumMs.name),
      bytesOut: total(usageRollups.bytesOut),
      lastCallAt: sql`max(${usageRollups.lastCallAt})`.as(usageRollups.lastCallAt.name),
    },
    groupBy: Object.values(by),
  };
}

export type MeasureRow = {
  calls: number;
  clientErrors: number;
  serverErrors: number;
  throttled: number;
  latencySumMs: number;
  backendLatencySumMs: number;
  latencyHistogram: number[];
  backendLatencyHistogram: number[];
  bytesOut: number;
};

/** What a dashboard shows for a set of calls. Errors are 4xx and 5xx answers, throttled (429) ones included. */
export type UsageFigures = {
  calls: number;
  errors: number;
  clientErrors: number;
  serverErrors: number;
  throttled: number;
  /** Percent of calls that were errors; null without calls. */
  errorRate: number | null;
  avgLatencyMs: number | null;
  latency: Percentiles;
  avgBackendLatencyMs: number | null;
  backendLatency: Percentiles;
  bytesOut: number;
};

export function figures(row: MeasureRow): UsageFigures {
  const errors = row.clientErrors + row.serverErrors;
  const backendCalls = histogramTotal(row.backendLatencyHistogram);
  return {
    calls: row.calls,
    errors,
    clientErrors: row.clientErrors,
    serverErrors: row.serverErrors,
    throttled: row.throttled,
    errorRate: row.calls ? (errors / row.calls) * 100 : null,
    avgLatencyMs: row.calls ? row.latencySumMs / row.calls : null,
    latency: percentiles(row.latencyHistogram),
    avgBackendLatencyMs: backendCalls ? row.backendLatencySumMs / backendCalls : null,
    backendLatency: percentiles(row.backendLatencyHistogram),
    bytesOut: row.bytesOut,
  };
}
