import type { Metadata } from "next";
import { SERIES_COLORS } from "@/components/analytics/colors";
import { CsvLink } from "@/components/analytics/csv-link";
import { FaultsTable } from "@/components/analytics/faults-table";
import { formatCount, formatPercent } from "@/components/analytics/format";
import { ReportError } from "@/components/analytics/report-error";
import { reportParams, type PageSearchParams } from "@/components/analytics/search-params";
import { Section } from "@/components/analytics/section";
import { StatCard, StatGrid } from "@/components/analytics/stat-card";
import { TimeSeriesChart } from "@/components/analytics/time-series-chart";
import { faultsByCode } from "@/lib/analytics/faults";
import { usageOverTime, usageTotals } from "@/lib/analytics/usage-totals";
import { requirePortalCtx } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Analytics: faulty calls" };

export default async function FaultsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const ctx = await requirePortalCtx("api:view", "/publisher/analytics/faults");
  const { input, query, error } = await reportParams(searchParams);
  const args = { ctx, audience: "publisher" as const, input };
  const [totals, series, faults] = await Promise.all([usageTotals(args), usageOverTime(args), faultsByCode(args)]);
  return (
    <>
      <ReportError message={error} />
      <StatGrid>
        <StatCard label="Failed calls" value={formatCount(totals.errors)} hint={`${formatPercent(totals.errorRate)} of ${formatCount(totals.calls)} calls`} />
        <StatCard label="Client errors (4xx)" value={formatCount(totals.clientErrors)} hint="throttled calls included" />
        <StatCard label="Server errors (5xx)" value={formatCount(totals.serverErrors)} hint="backend failures and timeouts" />
        <StatCard label="Throttled (429)" value={formatCount(totals.throttled)} />
      </StatGrid>
      {totals.errors > 0 && (
        <Section title="Failures over time" actions={<CsvLink href="/api/v1/publisher/analytics/over-time" query={query} />}>
          <TimeSeriesChart
            label="Errors and throttled calls over time"
            points={series.points}
            granularity={series.range.granularity}
            series={[
              { key: "errors", label: "Errors", color: SERIES_COLORS.errors },
              { key: "throttled", label: "Throttled", color: SERIES_COLORS.throttled },
            ]}
          />
        </Section>
      )}
      <Section
        title="By status and error code"
        description="Codes in the 9xxxxx and 10xxxx ranges come from the gateway (authentication, throttling, backend reachability); calls without a code failed at the backend."
        actions={<CsvLink href="/api/v1/publisher/analytics/faults" query={query} />}
      >
        <FaultsTable rows={faults.rows} caption="Failed calls by API, status and error code" />
      </Section>
    </>
  );
}
