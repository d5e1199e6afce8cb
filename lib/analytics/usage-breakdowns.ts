import "server-only";
import { desc, sql } from "drizzle-orm";
import { usageRollups } from "@/db/schema";
import type { Ctx } from "@/lib/services/context";
import { figures, measuresFor, partialSums, type UsageFigures } from "./aggregates";
import { NO_API_ID } from "./rollup";
import { apiNames, applicationNames, prepareReport, sliceFor, usageRows, type Audience } from "./scope";
import { rangeDto, type RangeDto } from "./usage-totals";

type Args = { ctx: Ctx; audience: Audience; input: unknown; limit?: number };

const lastCallAt = sql<Date | null>`max(${usageRollups.lastCallAt})`.mapWith(usageRollups.lastCallAt);
const callsDesc = desc(sql`sum(${usageRollups.calls})`);

export type ApiUsageRow = UsageFigures & {
  apiId: string;
  /** "(no API matched)" for calls to unknown contexts, "(deleted API)" for an API that is gone. */
  apiName: string;
  apiVersion: string;
  context: string;
  lastCallAt: string | null;
};

/** Usage per API, busiest first. */
export async function usageByApi({ ctx, audience, input, limit = 100 }: Args): Promise<{ range: RangeDto; rows: ApiUsageRow[] }> {
  const report = prepareReport(ctx, audience, input);
  const slice = sliceFor(report, "none");
  const rows = await ctx.db
    .select({ apiId: usageRollups.apiId, lastCallAt, ...measuresFor(slice) })
    .from(usageRows(ctx.db, report, slice))
    .groupBy(usageRollups.apiId)
    .orderBy(callsDesc)
    .limit(limit);
  const names = await apiNames(ctx, rows.map((row) => row.apiId));
  return {
    range: rangeDto(report.range),
    rows: rows.map((row) => {
      const api = names.get(row.apiId);
      return {
        apiId: row.apiId,
        apiName: api?.name ?? (row.apiId === NO_API_ID ? "(no API matched)" : "(deleted API)"),
        apiVersion: api?.version ?? "",
        context: api?.context ?? "",
        lastCallAt: row.lastCallAt?.toISOString() ?? null,
        ...figures(row),
      };
    }),
  };
}

export type ResourceUsageRow = UsageFigures & { apiId: string; apiName: string; apiVersion: string; resource: string; method: string };

/** Usage per API resource (method + URI template as matched by the gateway), busiest first. */
export async function usageByResource({ ctx, audience, input, limit = 200 }: Args): Promise<{ range: RangeDto; rows: ResourceUsageRow[] }> {
  const report = prepareReport(ctx, audience, input);
  const byResource = { apiId: usageRollups.apiId, apiVersion: usageRollups.apiVersion, resource: usageRollups.resource, method: usageRollups.method };
  const rows = await ctx.db
    .select({ ...byResource, ...measuresFor("resource") })
    .from(usageRows(ctx.db, report, sliceFor(report, "resource"), { partial: partialSums(byResource) }))
    .groupBy(...Object.values(byResource))
    .orderBy(callsDesc)
    .limit(limit);
  const names = await apiNames(ctx, rows.map((row) => row.apiId));
  return {
    range: rangeDto(report.range),
    rows: rows.map((row) => ({
      apiId: row.apiId,
      apiName: names.get(row.apiId)?.name ?? (row.apiId === NO_API_ID ? "(no API matched)" : "(deleted API)"),
      apiVersion: row.apiVersion,
      resource: row.resource || "(no resource matched)",
      method: row.method,
      ...figures(row),
    })),
  };
}

export type ApplicationUsageRow = UsageFigures & { applicationId: string; applicationName: string; owner: string; lastCallAt: string | null };

/** Usage per calling application (top consumers first). Calls without an application (None-auth resources) are one row. */
export async function usageByApplication({ ctx, audience, input, limit = 100 }: Args): Promise<{ range: RangeDto; rows: ApplicationUsageRow[] }> {
  const report = prepareReport(ctx, audience, input);
  const rows = await ctx.db
    .select({ applicationId: usageRollups.applicationId, lastCallAt, ...measuresFor("application") })
    .from(usageRows(ctx.db, report, sliceFor(report, "application"), { partial: partialSums({ applicationId: usageRollups.applicationId }) }))
    .groupBy(usageRollups.applicationId)
    .orderBy(callsDesc)
    .limit(limit);
  const names = await applicationNames(ctx, rows.map((row) => row.applicationId));
  return {
    range: rangeDto(report.range),
    rows: rows.map((row) => {
      const app = names.get(row.applicationId);
      return {
        applicationId: row.applicationId,
        applicationName: app?.name ?? (row.applicationId ? "(deleted application)" : "(anonymous)"),
        owner: app?.owner ?? "",
        lastCallAt: row.lastCallAt?.toISOString() ?? null,
        ...figures(row),
      };
    }),
  };
}
