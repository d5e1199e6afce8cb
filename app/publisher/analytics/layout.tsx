import type { ReactNode } from "react";
import { ReportFilters } from "@/components/analytics/report-filters";
import { ReportTabs } from "@/components/analytics/report-tabs";
import { PageHeader } from "@/components/ui";
import { lastAccessPerApi } from "@/lib/analytics/last-access";
import { requirePortalCtx } from "@/lib/auth/guards";

const TABS = [
  { href: "/publisher/analytics", label: "Overview" },
  { href: "/publisher/analytics/traffic", label: "Resources & consumers" },
  { href: "/publisher/analytics/latency", label: "Latency" },
  { href: "/publisher/analytics/faults", label: "Faulty calls" },
  { href: "/publisher/analytics/subscriptions", label: "Subscriptions" },
];

export default async function PublisherAnalyticsLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePortalCtx("api:view", "/publisher/analytics");
  const apis = await lastAccessPerApi({ ctx });
  return (
    <>
      <PageHeader
        title="Analytics"
        description="How your organization's APIs are used: traffic, latency, failures and subscribers. Figures are rolled up every 30 seconds."
        breadcrumbs={[{ href: "/publisher", label: "Publisher" }]}
      />
      <ReportTabs tabs={TABS} label="Analytics views" />
      <ReportFilters filter={{ name: "api", label: "API", options: apis.map((api) => ({ value: api.apiId, label: `${api.apiName} ${api.apiVersion}` })) }} />
      {children}
    </>
  );
}
