import type { Metadata } from "next";
import { CsvLink } from "@/components/analytics/csv-link";
import { SERIES_COLORS } from "@/components/analytics/colors";
import { NoUsage } from "@/components/analytics/no-usage";
import { RankingChart } from "@/components/analytics/ranking-chart";
import { ReportError } from "@/components/analytics/report-error";
import { reportParams, type PageSearchParams } from "@/components/analytics/search-params";
import { Section } from "@/components/analytics/section";
import { TimeSeriesChart } from "@/components/analytics/time-series-chart";
import { ApiUsageTable, ApplicationUsageTable } from "@/components/analytics/usage-tables";
import { UsageStats } from "@/components/analytics/usage-stats";
import { usageByApi, usageByApplication } from "@/lib/analytics/usage-breakdowns";
import { usageOverTime, usageTotals } from "@/lib/analytics/usage-totals";
import { requirePortalCtx } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Analytics" };

const EXPORT = "/api/v1/publisher/analytics";

export default async function PublisherAnalyticsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const ctx = await requirePortalCtx("api:view", "/publisher/analytics");
  const { input, query, error } = await reportParams(searchParams);
  const args = { ctx, audience: "publisher" as const, input };
  const [totals, series, byApi, byApp] = await Promise.all([usageTotals(args), usageOverTime(args), usageByApi(args), usageByApplication({ ...args, limit: 10 })]);
  return (
    <>
      <ReportError message={error} />
      <UsageStats totals={totals} />
      <Section title="Calls over time" actions={<CsvLink href={`${EXPORT}/over-time`} query={query} />}>
        {totals.calls ? (
          <TimeSeriesChart
            label="Calls, errors and throttled calls over time"
            points={series.points}
            granularity={series.range.granularity}
            series={[
              { key: "calls", label: "Calls", color: SERIES_COLORS.calls },
              { key: "errors", label: "Errors", color: SERIES_COLORS.errors },
              { key: "throttled", label: "Throttled", color: SERIES_COLORS.throttled },
            ]}
          />
        ) : (
          <NoUsage />
        )}
      </Section>
      <Section title="Busiest APIs" actions={<CsvLink href={`${EXPORT}/apis`} query={query} />}>
        {byApi.rows.length > 1 && (
          <RankingChart label="Calls per API" valueLabel="Calls" rows={byApi.rows.map((r) => ({ label: `${r.apiName} ${r.apiVersion}`, value: r.calls }))} />
        )}
        <ApiUsageTable rows={byApi.rows} caption="Usage per API" />
      </Section>
      <Section title="Top consumers" description="The applications that call your APIs the most." actions={<CsvLink href={`${EXPORT}/applications`} query={query} />}>
        <ApplicationUsageTable rows={byApp.rows} caption="Usage per application" />
      </Section>
    </>
  );
}
