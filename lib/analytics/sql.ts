import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { HISTOGRAM_SIZE, LATENCY_BOUNDS_MS } from "./histogram";

/** The bucket bounds as a Postgres array literal, for `width_bucket`. */
export const BOUNDS_SQL = sql.raw(`array[${LATENCY_BOUNDS_MS.join(",")}]::float8[]`);

const indexes = Array.from({ length: HISTOGRAM_SIZE }, (_, i) => i);

/** A histogram built in an aggregate: one count per bucket of the (already width_bucket-ed) column. */
export function histogramAggregate(bucketColumn: string): SQL {
  return sql.raw(`jsonb_build_array(${indexes.map((i) => `count(*) filter (where ${bucketColumn} = ${i})`).join(", ")})`);
}

/** Two stored histograms added element by element (an ON CONFLICT update). */
export function histogramMerge(left: string, right: string): SQL {
  return sql.raw(
    `jsonb_build_array(${indexes.map((i) => `coalesce((${left}->>${i})::bigint, 0) + coalesce((${right}->>${i})::bigint, 0)`).join(", ")})`,
  );
}

/** The per-bucket sums of a histogram column across the rows of a group, as one jsonb array. */
export function histogramSum(column: SQL | string): SQL<number[]> {
  const col = typeof column === "string" ? sql.raw(column) : column;
  return sql<number[]>`jsonb_build_array(${sql.join(
    indexes.map((i) => sql`coalesce(sum((${col}->>${sql.raw(String(i))})::bigint), 0)`),
    sql`, `,
  )})`.mapWith((value: unknown) => toHistogram(value));
}

/** A jsonb histogram as the driver hands it back (parsed or as text) into numbers. */
export function toHistogram(value: unknown): number[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map((n) => Number(n) || 0) : [];
}

/** Rows of a raw statement; the three drivers all answer with `{ rows }`. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
