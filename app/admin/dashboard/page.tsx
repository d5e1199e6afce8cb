import type { Metadata } from "next";
import { CallsOverTime } from "@/components/analytics/calls-over-time";
import { CsvLink } from "@/components/analytics/csv-link";
import { formatCount } from "@/components/analytics/format";
import { GatewayTable } from "@/components/analytics/gateway-table";
import { RankingChart } from "@/components/analytics/ranking-chart";
import { ReportError } from "@/components/analytics/report-error";
import { ReportFilters } from "@/components/analytics/report-filters";
import { reportParams, type PageSearchParams } from "@/components/analytics/search-params";
import { Section } from "@/components/analytics/section";
import { StatCard, StatGrid } from "@/components/analytics/stat-card";
import { ApiUsageTable, ApplicationUsageTable } from "@/components/analytics/usage-tables";
import { UsageStats } from "@/components/analytics/usage-stats";
import { PageHeader } from "@/components/ui";
import { gatewayProcesses, platformCounts } from "@/lib/analytics/platform-overview";
import { usageByApi, usageByApplication } from "@/lib/analytics/usage-breakdowns";
import { usageOverTime, usageTotals } from "@/lib/analytics/usage-totals";
import { requirePortalCtx } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Admin dashboard" };

const EXPORT = "/api/v1/admin/analytics";

export default async function AdminDashboardPage({ searchParams }: { searchParams: PageSearchParams }) {
  const ctx = await requirePortalCtx("analytics:all", "/admin/dashboard");
  const { input, query, error } = await reportParams(searchParams);
  const args = { ctx, audience: "platform" as const, input };
  const [counts, totals, series, byApi, byApp, gateways] = await Promise.all([
    platformCounts({ ctx }),
    usageTotals(args),
    usageOverTime(args),
    usageByApi({ ...args, limit: 10 }),
    usageByApplication({ ...args, limit: 10 }),
    gatewayProcesses({ ctx }),
  ]);
  return (
    <>
      <PageHeader title="Dashboard" description="The whole platform at a glance: what it holds, how it is used, and the gateways serving it." />
      <StatGrid>
        <StatCard label="Users" value={formatCount(counts.users)} hint={`${formatCount(counts.disabledUsers)} disabled`} />
        <StatCard label="APIs" value={formatCount(counts.apis)} hint={`${formatCount(counts.publishedApis)} published`} />
        <StatCard label="Applications" value={formatCount(counts.applications)} />
        <StatCard label="Subscriptions" value={formatCount(counts.subscriptions)} />
      </StatGrid>
      <Section title="Gateway processes" actions={<CsvLink href={`${EXPORT}/gateways`} query="" />}>
        <GatewayTable rows={gateways} />
      </Section>
      <h2 className="mb-3 text-base font-semibold">Traffic</h2>
      <ReportFilters />
      <ReportError message={error} />
      <UsageStats totals={totals} />
      <CallsOverTime totals={totals} series={series} label="Platform calls, errors and throttled calls over time" exportHref={`${EXPORT}/over-time`} query={query} />
      <Section title="Busiest APIs" description="With their error rates; calls that matched no API are counted as one row." actions={<CsvLink href={`${EXPORT}/apis`} query={query} />}>
        {byApi.rows.length > 1 && <RankingChart label="Calls per API" valueLabel="Calls" rows={byApi.rows.map((r) => ({ label: `${r.apiName} ${r.apiVersion}`, value: r.calls }))} />}
        <ApiUsageTable rows={byApi.rows} caption="Busiest APIs" />
      </Section>
      <Section title="Busiest applications" actions={<CsvLink href={`${EXPORT}/applications`} query={query} />}>
        <ApplicationUsageTable rows={byApp.rows} caption="Busiest applications" />
      </Section>
    </>
  );
}
