import "server-only";
import { and, eq, getTableName, gte, inArray, lt, sql, type SQL, type Subquery } from "drizzle-orm";
import { unionAll, type AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Database, Queryable } from "@/db/client";
import { applications, apis, usageErrorRollups, usageRollups, users } from "@/db/schema";
import { ValidationError } from "@/lib/errors";
import { authorize, can, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import type { RollupSlice } from "./rollup";
import { checkRange, rangePieces, resolveTimeRange, TimeRangeShape, type ResolvedRange } from "./time-range";
import { isId } from "@/lib/http/id";

/**
 * Who a report is for. `publisher`: the APIs of the caller's organization (an admin: every API).
 * `consumer`: the caller's own applications only, admins included (it is "my usage").
 * `platform`: everything, for admins.
 */
export type Audience = "publisher" | "consumer" | "platform";

export type AnalyticsScope =
  | { kind: "all" }
  | { kind: "organization"; organizationId: string }
  | { kind: "owner"; userId: string };

const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

/** A report's input: a time range, optionally narrowed to one API and/or one application. */
export const ReportInput = z
  .object({
    ...TimeRangeShape,
    api: z.preprocess(blank, z.uuid("Choose an API from the list.").optional()),
    application: z.preprocess(blank, z.uuid("Choose an application from the list.").optional()),
  })
  .superRefine(checkRange);
export type ReportInput = z.input<typeof ReportInput>;

export type PreparedReport = {
  actor: Actor;
  scope: AnalyticsScope;
  range: ResolvedRange;
  apiId?: string;
  applicationId?: string;
};

export function scopeFor(ctx: Ctx, audience: Audience): { actor: Actor; scope: AnalyticsScope } {
  if (audience === "platform") return { actor: authorize(ctx, "analytics:all"), scope: { kind: "all" } };
  if (audience === "consumer") {
    const actor = authorize(ctx, "devportal:subscribe");
    return { actor, scope: { kind: "owner", userId: actor.id } };
  }
  const actor = authorize(ctx, "api:view");
  return can(actor, "analytics:all")
    ? { actor, scope: { kind: "all" } }
    : { actor, scope: { kind: "organization", organizationId: actor.organizationId } };
}

/** Checks the caller and the input, and resolves the range to whole buckets of one granularity. */
export function prepareReport(ctx: Ctx, audience: Audience, input: unknown, now = new Date()): PreparedReport {
  const { actor, scope } = scopeFor(ctx, audience);
  const parsed = parseInput(ReportInput, input ?? {});
  return { actor, scope, range: resolveTimeRange(parsed, now), apiId: parsed.api, applicationId: parsed.application };
}

/** Ids of the APIs a scope may see, as a subquery; undefined when it sees every API. */
export function scopedApiIds(scope: AnalyticsScope): SQL | undefined {
  return scope.kind === "organization"
    ? sql`(select ${apis.id} from ${apis} where ${apis.organizationId} = ${scope.organizationId})`
    : undefined;
}

type RollupTable = typeof usageRollups | typeof usageErrorRollups;

/** The scope as a condition on roll-up rows: the organization's APIs, or the owner's applications. */
export function scopeCondition(scope: AnalyticsScope, table: RollupTable): SQL | undefined {
  if (scope.kind === "all") return undefined;
  // An array computed once: as a semi-join the planner would rescan the range's rows once per API.
  // `is true` (the same rows in a WHERE) keeps it a filter on the rows of the range rather than an
  // index condition: the roll-up keys have the bucket before the API, and there Postgres before 17
  // scans the whole range once per API in the array (50 times over, 175 ms instead of 30 for a
  // publisher's 24 hours by application).
  if (scope.kind === "organization") return sql`(${table.apiId} = any(array${scopedApiIds(scope)})) is true`;
  return sql`${table.applicationId} in (select ${applications.id}::text from ${applications} where ${applications.ownerId} = ${scope.userId})`;
}

/** The scope and the API and application filters of a report, as a condition on roll-up rows. */
function filterCondition(report: PreparedReport, table: RollupTable): SQL | undefined {
  return and(
    scopeCondition(report.scope, table),
    report.apiId ? eq(table.apiId, report.apiId) : undefined,
    report.applicationId ? eq(table.applicationId, report.applicationId) : undefined,
  );
}

/**
 * The roll-up rows of a report as a subquery under the table's own name, so that measures and
 * groupings written against the table read them. `perBucket` (a series) reads the range's own
 * granularity; otherwise whole coarser buckets inside the range come from coarser rows. One
 * UNION ALL branch per range piece, not one WHERE with an OR of them: each branch names one
 * granularity and one run of buckets, so it reads one partition over just those buckets (its
 * primary key leads with the bucket). With the OR, Postgres searched every
 * partition it named for the whole of it (a bitmap scan, which always reads the table) and read all
 * 30 days of day rows to keep the 6 that a 7-day range needs.
 */
export function reportRows(
  db: Queryable,
  report: PreparedReport,
  table: RollupTable,
  options: { perBucket?: boolean; slice?: RollupSlice; partial?: PartialSums } = {},
): Subquery {
  const { range } = report;
  const pieces = options.perBucket ? [range] : rangePieces(range);
  const partial = pieces.length > 1 ? options.partial : undefined;
  const [first, ...rest] = pieces.map((piece) => {
    const where = and(
      eq(table.granularity, piece.granularity),
      options.slice ? sliceIs(options.slice, table) : undefined,
      gte(table.bucket, piece.from),
      lt(table.bucket, piece.to),
      filterCondition(report, table),
    );
    // Either table; the branches only need to be alike, and the caller names the columns it reads.
    const rows = partial
      ? (db as Database).select(partial.fields as Record<string, SQL.Aliased>).from(table as typeof usageRollups).where(where).groupBy(...partial.groupBy)
      : (db as Database).select().from(table as typeof usageRollups).where(where);
    return rows as unknown as ReturnType<typeof unionAll>;
  });
  return (rest.length ? unionAll(first, ...(rest as [typeof first])) : first).as(getTableName(table));
}

/**
 * Sums a branch's rows per group before the branches meet (see `partialSums` in aggregates.ts), so
 * that the caller adds up a few hundred rows per branch instead of every roll-up row. Over a UNION ALL
 * Postgres knows neither how many rows come nor how many groups they make: a 7-day breakdown by
 * application sorted all its 61,000 rows (on disk) to group them. Each branch alone is grouped by its
 * own estimate, on the table's statistics: in memory for the admin's, in three smaller sorts for a
 * publisher's. A single branch is left to the caller.
 */
export type PartialSums = { fields: Record<string, unknown>; groupBy: (SQL | AnyPgColumn)[] };

/**
 * A slice as a literal, not a parameter, so that the planner can match the partial index on the
 * application slice and leave the other slices' partitions out of the plan.
 */
export function sliceIs(slice: RollupSlice, table: RollupTable = usageRollups): SQL {
  return sql`${table.slice} = ${sql.raw(`'${slice}'`)}`;
}

/**
 * Which slice of usage_rollups (or, for "none" and "application", of usage_error_rollups) answers a
 * report broken down by `breakdown` ("none" for totals, series and per-API figures). Anything scoped
 * to applications needs the application slice; resources are not broken down by application.
 */
export function sliceFor(report: PreparedReport, breakdown: "none" | "application" | "resource"): RollupSlice {
  const byApplication = report.scope.kind === "owner" || Boolean(report.applicationId);
  if (breakdown === "resource") {
    if (byApplication) throw new ValidationError("application: resources are not broken down by application", { application: ["Usage per resource covers every application; remove the application filter."] });
    return "resource";
  }
  return breakdown === "application" || byApplication ? "application" : "api";
}

/** usage_rollups rows of one slice for a report, as a FROM source (see reportRows). */
export function usageRows(db: Queryable, report: PreparedReport, slice: RollupSlice, options: { perBucket?: boolean; partial?: PartialSums } = {}): Subquery {
  return reportRows(db, report, usageRollups, { ...options, slice });
}

/** Display names of APIs by id (deleted APIs are simply missing). */
export async function apiNames(ctx: Ctx, ids: string[]) {
  const unique = [...new Set(ids)].filter(isId);
  if (!unique.length) return new Map<string, { name: string; version: string; context: string }>();
  const rows = await ctx.db
    .select({ id: apis.id, name: apis.name, version: apis.version, context: apis.context })
    .from(apis)
    .where(inArray(apis.id, unique));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Display names of applications by id, with their owner's name. */
export async function applicationNames(ctx: Ctx, ids: string[]) {
  const unique = [...new Set(ids)].filter(isId);
  if (!unique.length) return new Map<string, { name: string; owner: string }>();
  const rows = await ctx.db
    .select({ id: applications.id, name: applications.name, owner: users.name })
    .from(applications)
    .innerJoin(users, eq(users.id, applications.ownerId))
    .where(inArray(applications.id, unique));
  return new Map(rows.map((row) => [row.id, { name: row.name, owner: row.owner }]));
}
