import type { Metadata } from "next";
import { CallsOverTime } from "@/components/analytics/calls-over-time";
import { CsvLink } from "@/components/analytics/csv-link";
import { RankingChart } from "@/components/analytics/ranking-chart";
import { ReportError } from "@/components/analytics/report-error";
import { reportParams, type PageSearchParams } from "@/components/analytics/search-params";
import { Section } from "@/components/analytics/section";
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
      <CallsOverTime totals={totals} series={series} label="Calls, errors and throttled calls over time" exportHref={`${EXPORT}/over-time`} query={query} />
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
