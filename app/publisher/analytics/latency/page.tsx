import type { Metadata } from "next";
import { SERIES_COLORS } from "@/components/analytics/colors";
import { CsvLink } from "@/components/analytics/csv-link";
import { formatMs } from "@/components/analytics/format";
import { LatencyTable } from "@/components/analytics/latency-table";
import { NoUsage } from "@/components/analytics/no-usage";
import { ReportError } from "@/components/analytics/report-error";
import { reportParams, type PageSearchParams } from "@/components/analytics/search-params";
import { Section } from "@/components/analytics/section";
import { StatCard, StatGrid } from "@/components/analytics/stat-card";
import { TimeSeriesChart } from "@/components/analytics/time-series-chart";
import { usageByApi } from "@/lib/analytics/usage-breakdowns";
import { usageOverTime, usageTotals } from "@/lib/analytics/usage-totals";
import { requirePortalCtx } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Analytics: latency" };

export default async function LatencyPage({ searchParams }: { searchParams: PageSearchParams }) {
  const ctx = await requirePortalCtx("api:view", "/publisher/analytics/latency");
  const { input, query, error } = await reportParams(searchParams);
  const args = { ctx, audience: "publisher" as const, input };
  const [totals, series, byApi] = await Promise.all([usageTotals(args), usageOverTime(args), usageByApi(args)]);
  const { latency, backendLatency } = totals;
  return (
    <>
      <ReportError message={error} />
      <StatGrid>
        <StatCard label="Gateway p50" value={formatMs(latency.p50)} hint={`average ${formatMs(totals.avgLatencyMs)}`} />
        <StatCard label="Gateway p95 / p99" value={formatMs(latency.p95)} hint={`p99 ${formatMs(latency.p99)}`} />
        <StatCard label="Backend p50" value={formatMs(backendLatency.p50)} hint={`average ${formatMs(totals.avgBackendLatencyMs)}`} />
        <StatCard label="Backend p95 / p99" value={formatMs(backendLatency.p95)} hint={`p99 ${formatMs(backendLatency.p99)}`} />
      </StatGrid>
      <Section
        title="p95 latency over time"
        description="Gateway latency: from the request arriving to the response leaving, backend time included. Percentiles come from fixed buckets and are accurate to within one bucket."
        actions={<CsvLink href="/api/v1/publisher/analytics/over-time" query={query} />}
      >
        {totals.calls ? (
          <TimeSeriesChart
            label="p95 gateway latency over time"
            unit=" ms"
            points={series.points}
            granularity={series.range.granularity}
            series={[{ key: "p95LatencyMs", label: "p95 latency (ms)", color: SERIES_COLORS.latency }]}
          />
        ) : (
          <NoUsage what="latency data" />
        )}
      </Section>
      <Section title="By API" actions={<CsvLink href="/api/v1/publisher/analytics/apis" query={query} />}>
        <LatencyTable rows={byApi.rows} />
      </Section>
    </>
  );
}
