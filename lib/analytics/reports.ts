import "server-only";
import type { Ctx } from "@/lib/services/context";
import { NotFoundError } from "@/lib/errors";
import { toCsv, type CsvColumn } from "./csv";
import { faultsByCode, type FaultRow } from "./faults";
import { lastAccessPerApi, type LastAccessRow } from "./last-access";
import { gatewayProcesses, platformCounts, type GatewayInstanceRow, type PlatformCounts } from "./platform-overview";
import type { Audience } from "./scope";
import { subscriptionsOverTime, type ApiSubscriptionsRow } from "./subscriptions-over-time";
import { usageByApi, usageByApplication, usageByResource, type ApiUsageRow, type ApplicationUsageRow, type ResourceUsageRow } from "./usage-breakdowns";
import { usageOverTime, usageTotals, type UsagePoint } from "./usage-totals";
import type { UsageFigures } from "./aggregates";

type Report<T> = {
  /** Which audiences may ask for it. */
  audiences: readonly Audience[];
  load: (ctx: Ctx, audience: Audience, input: unknown) => Promise<{ json: unknown; rows: T[] }>;
  columns: CsvColumn<T>[];
};

const figureColumns: CsvColumn<UsageFigures>[] = [
  { header: "calls", value: (r) => r.calls },
  { header: "errors", value: (r) => r.errors },
  { header: "throttled", value: (r) => r.throttled },
  { header: "error_rate_percent", value: (r) => r.errorRate },
  { header: "avg_latency_ms", value: (r) => r.avgLatencyMs },
  { header: "p50_latency_ms", value: (r) => r.latency.p50 },
  { header: "p95_latency_ms", value: (r) => r.latency.p95 },
  { header: "p99_latency_ms", value: (r) => r.latency.p99 },
  { header: "p95_backend_latency_ms", value: (r) => r.backendLatency.p95 },
];

const ALL = ["publisher", "consumer", "platform"] as const;

const report = <T>(definition: Report<T>) => definition;

/** Every report the dashboards show, by the name used in export URLs. */
export const REPORTS = {
  totals: report<UsageFigures>({
    audiences: ALL,
    load: async (ctx, audience, input) => {
      const totals = await usageTotals({ ctx, audience, input });
      return { json: totals, rows: [totals] };
    },
    columns: figureColumns,
  }),
  "over-time": report<UsagePoint>({
    audiences: ALL,
    load: async (ctx, audience, input) => {
      const series = await usageOverTime({ ctx, audience, input });
      return { json: series, rows: series.points };
    },
    columns: [
      { header: "bucket", value: (r) => r.bucket },
      { header: "calls", value: (r) => r.calls },
      { header: "errors", value: (r) => r.errors },
      { header: "throttled", value: (r) => r.throttled },
      { header: "p95_latency_ms", value: (r) => r.p95LatencyMs },
    ],
  }),
  apis: report<ApiUsageRow>({
    audiences: ALL,
    load: async (ctx, audience, input) => {
      const result = await usageByApi({ ctx, audience, input });
      return { json: result, rows: result.rows };
    },
    columns: [
      { header: "api_id", value: (r) => r.apiId },
      { header: "api", value: (r) => r.apiName },
      { header: "version", value: (r) => r.apiVersion },
      { header: "context", value: (r) => r.context },
      ...(figureColumns as CsvColumn<ApiUsageRow>[]),
      { header: "last_call_at", value: (r) => r.lastCallAt },
    ],
  }),
  resources: report<ResourceUsageRow>({
    audiences: ["publisher", "platform"],
    load: async (ctx, audience, input) => {
      const result = await usageByResource({ ctx, audience, input });
      return { json: result, rows: result.rows };
    },
    columns: [
      { header: "api", value: (r) => r.apiName },
      { header: "version", value: (r) => r.apiVersion },
      { header: "resource", value: (r) => r.resource },
      { header: "method", value: (r) => r.method },
      ...(figureColumns as CsvColumn<ResourceUsageRow>[]),
    ],
  }),
  applications: report<ApplicationUsageRow>({
    audiences: ALL,
    load: async (ctx, audience, input) => {
      const result = await usageByApplication({ ctx, audience, input });
      return { json: result, rows: result.rows };
    },
    columns: [
      { header: "application_id", value: (r) => r.applicationId },
      { header: "application", value: (r) => r.applicationName },
      { header: "owner", value: (r) => r.owner },
      ...(figureColumns as CsvColumn<ApplicationUsageRow>[]),
      { header: "last_call_at", value: (r) => r.lastCallAt },
    ],
  }),
  faults: report<FaultRow>({
    audiences: ALL,
    load: async (ctx, audience, input) => {
      const result = await faultsByCode({ ctx, audience, input });
      return { json: result, rows: result.rows };
    },
    columns: [
      { header: "api", value: (r) => r.apiName },
      { header: "status", value: (r) => r.status },
      { header: "error_code", value: (r) => r.errorCode },
      { header: "description", value: (r) => r.description },
      { header: "calls", value: (r) => r.calls },
      { header: "last_call_at", value: (r) => r.lastCallAt },
    ],
  }),
  subscriptions: report<ApiSubscriptionsRow>({
    audiences: ["publisher"],
    load: async (ctx, _audience, input) => {
      const result = await subscriptionsOverTime({ ctx, input });
      return { json: result, rows: result.byApi };
    },
    columns: [
      { header: "api_id", value: (r) => r.apiId },
      { header: "api", value: (r) => r.apiName },
      { header: "version", value: (r) => r.apiVersion },
      { header: "subscriptions", value: (r) => r.total },
      { header: "created_in_range", value: (r) => r.createdInRange },
    ],
  }),
  "last-access": report<LastAccessRow>({
    audiences: ["publisher"],
    load: async (ctx) => {
      const rows = await lastAccessPerApi({ ctx });
      return { json: { rows }, rows };
    },
    columns: [
      { header: "api_id", value: (r) => r.apiId },
      { header: "api", value: (r) => r.apiName },
      { header: "version", value: (r) => r.apiVersion },
      { header: "context", value: (r) => r.context },
      { header: "state", value: (r) => r.state },
      { header: "last_call_at", value: (r) => r.lastCallAt },
    ],
  }),
  counts: report<PlatformCounts>({
    audiences: ["platform"],
    load: async (ctx) => {
      const counts = await platformCounts({ ctx });
      return { json: counts, rows: [counts] };
    },
    columns: (["users", "disabledUsers", "apis", "publishedApis", "applications", "subscriptions"] as const).map((key) => ({
      header: key,
      value: (r: PlatformCounts) => r[key],
    })),
  }),
  gateways: report<GatewayInstanceRow>({
    audiences: ["platform"],
    load: async (ctx) => {
      const rows = await gatewayProcesses({ ctx });
      return { json: { rows }, rows };
    },
    columns: [
      { header: "id", value: (r) => r.id },
      { header: "mount", value: (r) => r.mount },
      { header: "hostname", value: (r) => r.hostname },
      { header: "status", value: (r) => r.status },
      { header: "last_seen_at", value: (r) => r.lastSeenAt },
      { header: "snapshot_version", value: (r) => r.snapshotVersion },
      { header: "snapshot_age_seconds", value: (r) => r.snapshotAgeSeconds },
    ],
  }),
} as const;

export type ReportName = keyof typeof REPORTS;

export function isReportName(name: string): name is ReportName {
  return Object.hasOwn(REPORTS, name);
}

/**
 * One report for a surface (REST, CSV export): JSON, or CSV with a filename. An unknown report, or one
 * the audience does not have, is a 404.
 */
export async function runReport({
  ctx,
  audience,
  name,
  input,
  format,
}: {
  ctx: Ctx;
  audience: Audience;
  name: string;
  input: unknown;
  format: "json" | "csv";
}): Promise<{ format: "json"; body: unknown } | { format: "csv"; body: string; filename: string }> {
  if (!isReportName(name)) throw new NotFoundError("report");
  const definition = REPORTS[name] as Report<unknown>;
  if (!definition.audiences.includes(audience)) throw new NotFoundError("report");
  const { json, rows } = await definition.load(ctx, audience, input);
  if (format === "json") return { format, body: json };
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, "-");
  return { format, body: toCsv(definition.columns, rows), filename: `${audience}-${name}-${stamp}.csv` };
}

/** The query string of an export URL as a report's input. */
export function reportInput(url: URL): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of ["range", "from", "to", "api", "application"]) {
    const value = url.searchParams.get(key);
    if (value !== null) input[key] = value;
  }
  return input;
}
