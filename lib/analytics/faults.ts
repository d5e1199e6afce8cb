import "server-only";
import { desc, sql } from "drizzle-orm";
import { usageErrorRollups } from "@/db/schema";
import { GATEWAY_ERRORS } from "@/lib/gateway/errors";
import type { Ctx } from "@/lib/services/context";
import { NO_API_ID } from "./rollup";
import { apiNames, prepareReport, reportRows, sliceFor, type Audience } from "./scope";
import { rangeDto, type RangeDto } from "./usage-totals";

/** Which throttling level ran out, for the codes that share the message "Message throttled out". */
const DETAIL: Partial<Record<string, string>> = {
  "900800": "API tier",
  "900802": "resource tier",
  "900803": "application tier",
  "900804": "subscription tier",
};

const MESSAGES = new Map<string, string>(
  Object.values(GATEWAY_ERRORS).map((error) => [
    `${error.status}:${error.code}`,
    DETAIL[error.code] ? `${error.message} (${DETAIL[error.code]})` : error.message,
  ]),
);

/** A gateway error code in words; an error without a gateway code came from the backend. */
export function describeFault(status: number, errorCode: string): string {
  if (!errorCode) return status >= 500 ? "Backend error" : "Backend answered with a client error";
  if (status === 404 && errorCode === "404") return "Not Found / Runtime Error (no API or resource matched)";
  return MESSAGES.get(`${status}:${errorCode}`) ?? `Gateway error ${errorCode}`;
}

export type FaultRow = {
  apiId: string;
  apiName: string;
  status: number;
  /** The gateway's code, e.g. 900804; empty when the backend itself answered with the error. */
  errorCode: string;
  description: string;
  throttled: boolean;
  calls: number;
  lastCallAt: string | null;
};

/** Failed calls (4xx and 5xx) by API, HTTP status and gateway error code, most frequent first. */
export async function faultsByCode({
  ctx,
  audience,
  input,
  limit = 200,
}: {
  ctx: Ctx;
  audience: Audience;
  input: unknown;
  limit?: number;
}): Promise<{ range: RangeDto; rows: FaultRow[] }> {
  const report = prepareReport(ctx, audience, input);
  const calls = sql<number>`sum(${usageErrorRollups.calls})`.mapWith(Number);
  const rows = await ctx.db
    .select({
      apiId: usageErrorRollups.apiId,
      status: usageErrorRollups.status,
      errorCode: usageErrorRollups.errorCode,
      calls,
      lastCallAt: sql<Date | null>`max(${usageErrorRollups.lastCallAt})`.mapWith(usageErrorRollups.lastCallAt),
    })
    .from(reportRows(ctx.db, report, usageErrorRollups, { slice: sliceFor(report, "none") }))
    .groupBy(usageErrorRollups.apiId, usageErrorRollups.status, usageErrorRollups.errorCode)
    .orderBy(desc(calls))
    .limit(limit);
  const names = await apiNames(ctx, rows.map((row) => row.apiId));
  return {
    range: rangeDto(report.range),
    rows: rows.map((row) => ({
      apiId: row.apiId,
      apiName: names.get(row.apiId)?.name ?? (row.apiId === NO_API_ID ? "(no API matched)" : "(deleted API)"),
      status: row.status,
      errorCode: row.errorCode,
      description: describeFault(row.status, row.errorCode),
      throttled: row.status === 429,
      calls: row.calls,
      lastCallAt: row.lastCallAt?.toISOString() ?? null,
    })),
  };
}
