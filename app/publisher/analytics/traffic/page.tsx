import type { Metadata } from "next";
import { CsvLink } from "@/components/analytics/csv-link";
import { ReportError } from "@/components/analytics/report-error";
import { reportParams, type PageSearchParams } from "@/components/analytics/search-params";
import { Section } from "@/components/analytics/section";
import { ApplicationUsageTable, ResourceUsageTable } from "@/components/analytics/usage-tables";
import { usageByApplication, usageByResource } from "@/lib/analytics/usage-breakdowns";
import { requirePortalCtx } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Analytics: resources and consumers" };

const EXPORT = "/api/v1/publisher/analytics";

export default async function TrafficPage({ searchParams }: { searchParams: PageSearchParams }) {
  const ctx = await requirePortalCtx("api:view", "/publisher/analytics/traffic");
  const { input, query, error } = await reportParams(searchParams);
  const args = { ctx, audience: "publisher" as const, input };
  const [byResource, byApp] = await Promise.all([usageByResource(args), usageByApplication(args)]);
  return (
    <>
      <ReportError message={error} />
      <Section title="By resource" description="Each resource as the gateway matched it: method and URI template." actions={<CsvLink href={`${EXPORT}/resources`} query={query} />}>
        <ResourceUsageTable rows={byResource.rows} caption="Usage per resource" />
      </Section>
      <Section title="By application" description="Every application that called your APIs, busiest first." actions={<CsvLink href={`${EXPORT}/applications`} query={query} />}>
        <ApplicationUsageTable rows={byApp.rows} caption="Usage per application" />
      </Section>
    </>
  );
}
