import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { apis, keyTypeEnum } from "./apis";
import { id, keyText, timestamps } from "./columns";

/**
 * Calls through the gateway, written in batches off the hot path: one row per kind of call in a
 * minute (lib/gateway/usage-groups.ts), `calls` of them, with latencies and bytes summed over them.
 * Ids are not foreign keys: events outlive what they name. Read only by the roll-up (by id) and the
 * retention purge (by id and time): every other index would cost each written row for nothing.
 */
export const usageEvents = pgTable(
  "usage_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** How many calls the row stands for; they share every column but the sums and fall in one latency bucket. */
    calls: integer("calls").notNull().default(1),
    /** The latest of them. */
    at: timestamp("at", { withTimezone: true }).notNull(),
    apiId: uuid("api_id"),
    apiName: text("api_name"),
    apiVersion: text("api_version"),
    context: text("context"),
    resource: text("resource"),
    method: text("method").notNull(),
    applicationId: uuid("application_id"),
    userId: text("user_id"),
    keyType: keyTypeEnum("key_type"),
    status: smallint("status").notNull(),
    /** The gateway's error code, e.g. 900804 when throttled; null on success. */
    errorCode: text("error_code"),
    latencyMs: doublePrecision("latency_ms").notNull(),
    backendLatencyMs: doublePrecision("backend_latency_ms"),
    bytesIn: bigint("bytes_in", { mode: "number" }).notNull().default(0),
    bytesOut: bigint("bytes_out", { mode: "number" }).notNull().default(0),
    clientIp: text("client_ip"),
    gatewayId: text("gateway_id"),
  },
  (t) => [index("usage_events_at_idx").on(t.at)],
);

export const ROLLUP_GRANULARITIES = ["minute", "hour", "day"] as const;
export const rollupGranularityEnum = pgEnum("rollup_granularity", ROLLUP_GRANULARITIES);

/** Which dimensions a roll-up row breaks calls down by (see lib/analytics/rollup.ts). */
export const ROLLUP_SLICES = ["api", "application", "resource"] as const;
export const rollupSliceEnum = pgEnum("rollup_slice", ROLLUP_SLICES);

/**
 * Usage rolled up per bucket. Latency percentiles come from fixed histogram buckets
 * (see lib/analytics), which add up across rows. The key leads with granularity, slice and bucket,
 * because every dashboard query reads one slice of one granularity over a range of buckets. Errors are
 * counted in columns of the row (4xx, 5xx) rather than in a row per status class, which took about
 * two and a half day rows for every one a dashboard now reads (migration 0008).
 */
export const usageRollups = pgTable(
  "usage_rollups",
  {
    granularity: rollupGranularityEnum("granularity").notNull(),
    slice: rollupSliceEnum("slice").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    apiId: uuid("api_id").notNull(),
    apiVersion: keyText("api_version").notNull().default(""),
    resource: keyText("resource").notNull().default(""),
    method: keyText("method").notNull().default(""),
    applicationId: keyText("application_id").notNull().default(""),
    calls: bigint("calls", { mode: "number" }).notNull().default(0),
    /** Calls answered 4xx (throttled ones included) and 5xx. */
    clientErrors: bigint("client_errors", { mode: "number" }).notNull().default(0),
    serverErrors: bigint("server_errors", { mode: "number" }).notNull().default(0),
    throttled: bigint("throttled", { mode: "number" }).notNull().default(0),
    latencySumMs: doublePrecision("latency_sum_ms").notNull().default(0),
    backendLatencySumMs: doublePrecision("backend_latency_sum_ms").notNull().default(0),
    /** Counts per latency bucket (API slice only; empty elsewhere): a plain array sums far faster than jsonb. */
    latencyHistogram: bigint("latency_histogram", { mode: "number" }).array().notNull().default(sql`'{}'::bigint[]`),
    backendLatencyHistogram: bigint("backend_latency_histogram", { mode: "number" }).array().notNull().default(sql`'{}'::bigint[]`),
    bytesOut: bigint("bytes_out", { mode: "number" }).notNull().default(0),
    lastCallAt: timestamp("last_call_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({
      columns: [t.granularity, t.slice, t.bucket, t.apiId, t.apiVersion, t.resource, t.method, t.applicationId],
    }),
    // A developer's usage reads a few applications' rows out of every application's.
    index("usage_rollups_application_idx")
      .on(t.applicationId, t.granularity, t.bucket)
      .where(sql`${t.slice} = 'application'`),
  ],
);

/**
 * Failed calls (status >= 400) rolled up by HTTP status and gateway error code (e.g. 900804 for a
 * subscription throttled out), beside usage_rollups rather than in it so that the main roll-up's key
 * stays as it is and successful calls add no rows here. Filled from the same event range, in the same
 * transaction, as usage_rollups. Two slices, as there: `application` (per calling application) for
 * anything scoped to applications, and `api` (application "*") for everything else, which is about a
 * twentieth of the day rows (migration 0009).
 */
export const usageErrorRollups = pgTable(
  "usage_error_rollups",
  {
    granularity: rollupGranularityEnum("granularity").notNull(),
    slice: rollupSliceEnum("slice").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    apiId: uuid("api_id").notNull(),
    applicationId: keyText("application_id").notNull().default(""),
    status: smallint("status").notNull(),
    errorCode: keyText("error_code").notNull().default(""),
    calls: bigint("calls", { mode: "number" }).notNull().default(0),
    lastCallAt: timestamp("last_call_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.granularity, t.slice, t.bucket, t.apiId, t.applicationId, t.status, t.errorCode] }),
    // A developer's faults read a few applications' rows out of every application's.
    index("usage_error_rollups_application_idx")
      .on(t.applicationId, t.granularity, t.bucket)
      .where(sql`${t.slice} = 'application'`),
  ],
);

/** Where the roll-up job has got to, per granularity. */
export const rollupCursors = pgTable("rollup_cursors", {
  granularity: rollupGranularityEnum("granularity").primaryKey(),
  lastEventId: bigint("last_event_id", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Gateway processes report in, so the admin dashboard can show them and their snapshot age. */
export const gatewayInstances = pgTable("gateway_instances", {
  id: text("id").primaryKey(),
  mount: text("mount").notNull(),
  hostname: text("hostname").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
  snapshotVersion: bigint("snapshot_version", { mode: "number" }).notNull().default(0),
  snapshotBuiltAt: timestamp("snapshot_built_at", { withTimezone: true }),
});

export const ALERT_KINDS = ["P95_LATENCY", "ERROR_RATE", "TRAFFIC_DROP"] as const;
export const alertKindEnum = pgEnum("alert_kind", ALERT_KINDS);

export const alertRules = pgTable("alert_rules", {
  id: id(),
  apiId: uuid("api_id")
    .notNull()
    .references(() => apis.id, { onDelete: "cascade" }),
  kind: alertKindEnum("kind").notNull(),
  /** ms for P95_LATENCY, percent for ERROR_RATE and TRAFFIC_DROP. */
  threshold: doublePrecision("threshold").notNull(),
  windowMinutes: integer("window_minutes").notNull().default(5),
  webhookUrl: text("webhook_url"),
  enabled: boolean("enabled").notNull().default(true),
  ...timestamps(),
});

export const alerts = pgTable(
  "alerts",
  {
    id: id(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    value: doublePrecision("value").notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [index("alerts_rule_idx").on(t.ruleId, t.firedAt)],
);
