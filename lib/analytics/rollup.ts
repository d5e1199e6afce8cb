import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { pgliteClient, type Database, type Tx } from "@/db/client";
import { ROLLUP_GRANULARITIES, type ROLLUP_SLICES } from "@/db/schema";
import { BOUNDS_SQL, histogramAggregate, histogramMerge, queryRows } from "./sql";
import type { Granularity } from "./time-range";

/** Calls that matched no API (a 404 for an unknown context) are rolled up under this id, so platform totals include them. */
export const NO_API_ID = "00000000-0000-0000-0000-000000000000";

/** Marks a dimension a roll-up row adds up over (no real resource, method or application is "*"). */
export const ALL_MARKER = "*";
const ALL = sql.raw(`'${ALL_MARKER}'`);

/**
 * usage_rollups holds three slices of the same calls, named in its `slice` column; a slice's row has
 * "*" in the dimensions it adds up over:
 * `api` (resource, method and application all "*") answers totals, series and per-API figures,
 * latency percentiles included; `application` (resource and method "*") answers per-application
 * figures and anything scoped to a consumer's applications; `resource` (application "*") answers
 * per-resource figures. Each query reads one slice, so its cost follows the dimensions it shows, not
 * the product of all of them. Only the API slice keeps latency histograms (the others keep sums, for
 * averages): histograms are most of what a roll-up costs.
 */
export type RollupSlice = (typeof ROLLUP_SLICES)[number];

/** Advisory lock keys: (namespace, granularity). The same namespace guards the purge and the alert evaluation. */
export const ANALYTICS_LOCK_NAMESPACE = 0x616e6c79;
export const LOCK_KEYS = { minute: 1, hour: 2, day: 3, purge: 10, alerts: 11 } as const;

/** At most this many event ids per transaction, so one run never holds a lock for long and a batch's groups stay in memory. */
const DEFAULT_BATCH = 100_000;
/**
 * On PGlite a statement runs on this process's only thread, gateway included: a 100k-event batch
 * stalled every call for a second. Batches this small take about 50 ms each, and the run yields to
 * waiting I/O between them, at the price of a third more CPU per event.
 */
const PGLITE_BATCH = 2_000;

export type RollupStep = { granularity: Granularity; fromEventId: number; toEventId: number } | { granularity: Granularity; skipped: "locked" };

export type RollupOptions = {
  /**
   * Roll up events with ids up to this one only. The scheduler passes an id it saw a while ago, so that
   * a gateway's insert still in flight with a lower id (ids are handed out before commit) is not
   * skipped for good. Default: everything visible now.
   */
  upToEventId?: number;
  batchSize?: number;
};

/**
 * Rolls usage events up into minute, hour and day buckets. Each granularity keeps its own cursor in
 * rollup_cursors, but a batch reads its events once for every granularity whose cursor is furthest
 * behind (normally all three, which move together). Safe to run in several processes at once (a
 * transaction-level advisory lock per granularity, all three taken: whoever does not get them skips
 * this round) and idempotent (events are counted once, because the cursors move in the same
 * transaction as the counts).
 */
export async function rollUpUsage(db: Database, options: RollupOptions = {}): Promise<RollupStep[]> {
  const steps: RollupStep[] = [];
  const target = options.upToEventId ?? (await latestEventId(db));
  const batchSize = options.batchSize ?? (pgliteClient(db) ? PGLITE_BATCH : DEFAULT_BATCH);
  for (;;) {
    const batch = await db.transaction((tx) => rollUpBatch(tx, target, batchSize));
    if (batch === null) break;
    steps.push(...batch);
    if (batch.some((step) => "skipped" in step)) break;
    // Let the calls that queued up during the batch through before the next one.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return steps;
}

function callsWhere(condition: string): SQL {
  return sql.raw(`coalesce(sum(e.calls) filter (where ${condition}), 0)`);
}

export async function latestEventId(db: Database | Tx): Promise<number> {
  const [row] = await queryRows<{ id: string | number | null }>(db, sql`select max(id) as id from usage_events`);
  return Number(row?.id ?? 0);
}

async function rollUpBatch(tx: Tx, target: number, batchSize: number): Promise<RollupStep[] | null> {
  for (const granularity of ROLLUP_GRANULARITIES) {
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${sql.raw(String(ANALYTICS_LOCK_NAMESPACE))}, ${sql.raw(String(LOCK_KEYS[granularity]))}) as locked`,
    );
    if (!lock?.locked) return ROLLUP_GRANULARITIES.map((g) => ({ granularity: g, skipped: "locked" as const }));
  }
  await tx.execute(sql`insert into rollup_cursors (granularity) values ('minute'), ('hour'), ('day') on conflict (granularity) do nothing`);
  const cursors = await queryRows<{ granularity: Granularity; last: string | number }>(
    tx,
    sql`select granularity, last_event_id as last from rollup_cursors`,
  );
  const at = (g: Granularity) => Number(cursors.find((c) => c.granularity === g)?.last ?? 0);
  const from = Math.min(...ROLLUP_GRANULARITIES.map(at));
  // The granularities furthest behind go first, up to where the next one stands; then they move together.
  const behind = ROLLUP_GRANULARITIES.filter((g) => at(g) === from);
  const ahead = ROLLUP_GRANULARITIES.map(at).filter((last) => last > from);
  const to = Math.min(target, from + batchSize, ...ahead);
  if (to <= from) return null;

  // Grouping a batch in memory rather than on disk; scoped to this transaction.
  await tx.execute(sql`set local work_mem = '64MB'`);
  const granularities = sql.raw(`array[${behind.map((g) => `'${g}'`).join(", ")}]::rollup_granularity[]`);
  // Each event once per granularity of this batch, with its bucket; grouping keys use the "C"
  // collation, since byte order is all a key needs.
  const events = sql`
      select g.granularity, date_trunc(g.granularity::text, e.at, 'UTC') as bucket, coalesce(e.api_id, ${NO_API_ID}::uuid) as api_id,
        coalesce(e.api_version, '') collate "C" as api_version, coalesce(e.resource, '') collate "C" as resource, e.method collate "C" as method,
        e.application_id, e.status, e.error_code, e.calls, e.latency_ms, e.backend_latency_ms, e.bytes_out, e.at,
        width_bucket(e.latency_ms / e.calls, ${BOUNDS_SQL}) as lb, width_bucket(e.backend_latency_ms / e.calls, ${BOUNDS_SQL}) as bb
      from usage_events e cross join unnest(${granularities}) as g(granularity)
      where e.id > ${from} and e.id <= ${to}`;
  // A row stands for `calls` calls with summed latencies and bytes, all in one histogram bucket (by their mean).
  const measures = sql`sum(e.calls), ${callsWhere("e.status between 400 and 499")}, ${callsWhere("e.status >= 500")},
      ${callsWhere("e.status = 429")}, sum(e.latency_ms), coalesce(sum(e.backend_latency_ms), 0)`;
  const columns = sql`(granularity, slice, bucket, api_id, api_version, resource, method, application_id,
      calls, client_errors, server_errors, throttled, latency_sum_ms, backend_latency_sum_ms, latency_histogram, backend_latency_histogram, bytes_out, last_call_at)`;
  const upsert = (histograms: SQL = sql``) => sql`
    on conflict (granularity, slice, bucket, api_id, api_version, resource, method, application_id) do update set
      calls = usage_rollups.calls + excluded.calls,
      client_errors = usage_rollups.client_errors + excluded.client_errors,
      server_errors = usage_rollups.server_errors + excluded.server_errors,
      throttled = usage_rollups.throttled + excluded.throttled,
      latency_sum_ms = usage_rollups.latency_sum_ms + excluded.latency_sum_ms,
      backend_latency_sum_ms = usage_rollups.backend_latency_sum_ms + excluded.backend_latency_sum_ms,${histograms}
      bytes_out = usage_rollups.bytes_out + excluded.bytes_out,
      last_call_at = greatest(usage_rollups.last_call_at, excluded.last_call_at)`;
  const mergeHistograms = sql`
      latency_histogram = ${histogramMerge("usage_rollups.latency_histogram", "excluded.latency_histogram")},
      backend_latency_histogram = ${histogramMerge("usage_rollups.backend_latency_histogram", "excluded.backend_latency_histogram")},`;
  // The API slice carries the latency histograms; the application and resource slices (written
  // together, one pass) carry counts and latency sums only, since building histograms is most of a
  // roll-up's cost and those slices are not asked for percentiles. Their updates leave the empty
  // histograms alone: merging two empty ones gave two arrays of zeros, which tripled the size of
  // every row a later batch added to (the day rows of the application slice averaged 625 bytes).
  await tx.execute(sql`
    insert into usage_rollups ${columns}
    select e.granularity, 'api', e.bucket, e.api_id, e.api_version, ${ALL}, ${ALL}, ${ALL}, ${measures},
      ${histogramAggregate("e.lb", "e.calls")}, ${histogramAggregate("e.bb", "e.calls")},
      sum(e.bytes_out), max(e.at)
    from (${events}) e
    group by e.granularity, e.bucket, e.api_id, e.api_version
    ${upsert(mergeHistograms)}`);
  await tx.execute(sql`
    insert into usage_rollups ${columns}
    select e.granularity, case when grouping(e.application_id) = 1 then 'resource' else 'application' end::rollup_slice, e.bucket, e.api_id, e.api_version,
      case when grouping(e.resource) = 1 then ${ALL} else e.resource end,
      case when grouping(e.method) = 1 then ${ALL} else e.method end,
      case when grouping(e.application_id) = 1 then ${ALL} else coalesce(e.application_id::text, '') end,
      ${measures}, '{}'::bigint[], '{}'::bigint[], sum(e.bytes_out), max(e.at)
    from (${events}) e
    group by e.granularity, e.bucket, e.api_id, e.api_version, grouping sets ((e.resource, e.method), (e.application_id))
    ${upsert()}`);
  // Errors per application, and per API over all applications (application "*") for the reports
  // that are not scoped to applications.
  await tx.execute(sql`
    insert into usage_error_rollups (granularity, slice, bucket, api_id, application_id, status, error_code, calls, last_call_at)
    select e.granularity, case when grouping(e.application_id) = 1 then 'api' else 'application' end::rollup_slice, e.bucket, e.api_id,
      case when grouping(e.application_id) = 1 then ${ALL} else coalesce(e.application_id::text, '') end, e.status, coalesce(e.error_code, ''), sum(e.calls), max(e.at)
    from (${events} and e.status >= 400) e
    group by e.granularity, e.bucket, e.api_id, e.status, e.error_code, grouping sets ((e.application_id), ())
    on conflict (granularity, slice, bucket, api_id, application_id, status, error_code) do update set
      calls = usage_error_rollups.calls + excluded.calls,
      last_call_at = greatest(usage_error_rollups.last_call_at, excluded.last_call_at)`);
  await tx.execute(sql`update rollup_cursors set last_event_id = ${to}, updated_at = now() where granularity = any(${granularities})`);
  return behind.map((granularity) => ({ granularity, fromEventId: from, toEventId: to }));
}
