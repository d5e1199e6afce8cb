import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { HISTOGRAM_SIZE, LATENCY_BOUNDS_MS } from "./histogram";

/** The bucket bounds as a Postgres array literal, for `width_bucket`. */
export const BOUNDS_SQL = sql.raw(`array[${LATENCY_BOUNDS_MS.join(",")}]::float8[]`);

const indexes = Array.from({ length: HISTOGRAM_SIZE }, (_, i) => i);

/**
 * A histogram built in an aggregate, as bigint[]: per bucket of the (already width_bucket-ed) column,
 * the sum of `weightColumn` over the rows in it (a usage row's calls).
 */
export function histogramAggregate(bucketColumn: string, weightColumn: string): SQL {
  return sql.raw(`array[${indexes.map((i) => `coalesce(sum(${weightColumn}) filter (where ${bucketColumn} = ${i}), 0)`).join(", ")}]::bigint[]`);
}

/** Two stored histograms added element by element (an ON CONFLICT update); a missing element counts as zero. */
export function histogramMerge(left: string, right: string): SQL {
  return sql.raw(`array[${indexes.map((i) => `coalesce(${left}[${i + 1}], 0) + coalesce(${right}[${i + 1}], 0)`).join(", ")}]::bigint[]`);
}

/** The per-bucket sums of a histogram column across the rows of a group, as one json array. */
export function histogramSum(column: SQL | string): SQL<number[]> {
  const col = typeof column === "string" ? sql.raw(column) : column;
  return sql<number[]>`to_json(array[${sql.join(
    indexes.map((i) => sql`coalesce(sum((${col})[${sql.raw(String(i + 1))}]), 0)`),
    sql`, `,
  )}])`.mapWith((value: unknown) => toHistogram(value));
}

/** A json histogram as the driver hands it back (parsed or as text) into numbers. */
export function toHistogram(value: unknown): number[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map((n) => Number(n) || 0) : [];
}

/** Rows of a raw statement; the three drivers all answer with `{ rows }`. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
