import type { Metadata } from "next";
import { CallsOverTime } from "@/components/analytics/calls-over-time";
import { CsvLink } from "@/components/analytics/csv-link";
import { FaultsTable } from "@/components/analytics/faults-table";
import { ReportError } from "@/components/analytics/report-error";
import { ReportFilters } from "@/components/analytics/report-filters";
import { reportParams, type PageSearchParams } from "@/components/analytics/search-params";
import { Section } from "@/components/analytics/section";
import { ApiUsageTable, ApplicationUsageTable } from "@/components/analytics/usage-tables";
import { UsageStats } from "@/components/analytics/usage-stats";
import { PageHeader } from "@/components/ui";
import { faultsByCode } from "@/lib/analytics/faults";
import { usageByApi, usageByApplication } from "@/lib/analytics/usage-breakdowns";
import { usageOverTime, usageTotals } from "@/lib/analytics/usage-totals";
import { requirePortalCtx } from "@/lib/auth/guards";
import { listApplications } from "@/lib/devportal/applications";

export const metadata: Metadata = { title: "My usage" };

const EXPORT = "/devportal/usage/export";

/** The signed-in developer's own applications: calls over time, by API, throttled calls and errors. */
export default async function DevportalUsagePage({ searchParams }: { searchParams: PageSearchParams }) {
  const ctx = await requirePortalCtx("devportal:subscribe", "/devportal/usage");
  const { input, query, error } = await reportParams(searchParams);
  const args = { ctx, audience: "consumer" as const, input };
  const [applications, totals, series, byApi, byApp, faults] = await Promise.all([
    listApplications({ ctx }),
    usageTotals(args),
    usageOverTime(args),
    usageByApi(args),
    usageByApplication(args),
    faultsByCode(args),
  ]);
  return (
    <>
      <PageHeader
        title="My usage"
        description="Calls your applications made through the gateway, with the ones that were throttled or failed. Only your own applications are counted."
        breadcrumbs={[{ href: "/devportal", label: "Developer Portal" }]}
      />
      <ReportFilters filter={{ name: "application", label: "Application", options: applications.map((app) => ({ value: app.id, label: app.name })) }} />
      <ReportError message={error} />
      <UsageStats totals={totals} />
      <CallsOverTime totals={totals} series={series} label="Your calls, errors and throttled calls over time" exportHref={`${EXPORT}/over-time`} query={query} />
      <Section title="By API" actions={<CsvLink href={`${EXPORT}/apis`} query={query} />}>
        <ApiUsageTable rows={byApi.rows} caption="Your usage per API" />
      </Section>
      <Section title="By application" actions={<CsvLink href={`${EXPORT}/applications`} query={query} />}>
        <ApplicationUsageTable rows={byApp.rows} caption="Usage per application" showOwner={false} />
      </Section>
      <Section
        title="Throttled and failed calls"
        description="A 429 means a throttling tier ran out: the code says which (900804 subscription, 900803 application, 900800/900802 API or resource)."
        actions={<CsvLink href={`${EXPORT}/faults`} query={query} />}
      >
        <FaultsTable rows={faults.rows} caption="Your failed calls by API, status and error code" />
      </Section>
    </>
  );
}
