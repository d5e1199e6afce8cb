import type { ReactNode } from "react";
import { LinkTabs } from "@/components/devportal/api-tabs";
import { Badge, PageHeader } from "@/components/ui";
import { loadApplication } from "./load-application";

type Props = { children: ReactNode; params: Promise<{ applicationId: string }> };

export default async function ApplicationLayout({ children, params }: Props) {
  const { applicationId } = await params;
  const { application } = await loadApplication(applicationId);
  const base = `/devportal/applications/${application.id}`;
  return (
    <>
      <PageHeader
        breadcrumbs={[
          { href: "/devportal", label: "APIs" },
          { href: "/devportal/applications", label: "Applications" },
        ]}
        title={
          <span className="flex items-center gap-2">
            {application.name} {application.isDefault && <Badge tone="brand">default</Badge>}
          </span>
        }
        description={application.description || undefined}
      />
      <LinkTabs
        label="Application sections"
        tabs={[
          { href: base, label: "Overview" },
          { href: `${base}/subscriptions`, label: `Subscriptions (${application.subscriptionCount})` },
          { href: `${base}/keys`, label: "Keys" },
        ]}
      />
      {children}
    </>
  );
}
