import type { Metadata } from "next";
import { SERIES_COLORS } from "@/components/analytics/colors";
import { CsvLink } from "@/components/analytics/csv-link";
import { LastAccessTable, SubscriptionsTable } from "@/components/analytics/subscription-tables";
import { ReportError } from "@/components/analytics/report-error";
import { reportParams, type PageSearchParams } from "@/components/analytics/search-params";
import { Section } from "@/components/analytics/section";
import { TimeSeriesChart } from "@/components/analytics/time-series-chart";
import { lastAccessPerApi } from "@/lib/analytics/last-access";
import { subscriptionsOverTime } from "@/lib/analytics/subscriptions-over-time";
import { requirePortalCtx } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Analytics: subscriptions" };

export default async function SubscriptionsPage({ searchParams }: { searchParams: PageSearchParams }) {
  const ctx = await requirePortalCtx("api:view", "/publisher/analytics/subscriptions");
  const { input, query, error } = await reportParams(searchParams);
  const [report, lastAccess] = await Promise.all([subscriptionsOverTime({ ctx, input }), lastAccessPerApi({ ctx })]);
  const created = report.points.reduce((sum, p) => sum + p.created, 0);
  return (
    <>
      <ReportError message={error} />
      {created > 0 && (
        <Section title="New subscriptions over time">
          <TimeSeriesChart
            label="New subscriptions over time"
            points={report.points}
            granularity={report.range.granularity}
            series={[{ key: "created", label: "New subscriptions", color: SERIES_COLORS.subscriptions }]}
          />
        </Section>
      )}
      <Section title="Subscriptions per API" actions={<CsvLink href="/api/v1/publisher/analytics/subscriptions" query={query} />}>
        <SubscriptionsTable rows={report.byApi} />
      </Section>
      <Section title="Last access per API" description="When each API was last called through the gateway, over all time." actions={<CsvLink href="/api/v1/publisher/analytics/last-access" query="" />}>
        <LastAccessTable rows={lastAccess} />
      </Section>
    </>
  );
}
