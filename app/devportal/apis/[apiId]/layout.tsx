import type { ReactNode } from "react";
import { ApiStateBadge } from "@/components/devportal/api-state-badge";
import { LinkTabs } from "@/components/devportal/api-tabs";
import { RatingStars } from "@/components/devportal/rating-stars";
import { VersionLinks } from "@/components/devportal/version-links";
import { Alert, PageHeader } from "@/components/ui";
import { loadApi } from "./load-api";

type Props = { children: ReactNode; params: Promise<{ apiId: string }> };

export default async function ApiLayout({ children, params }: Props) {
  const { apiId } = await params;
  const { api } = await loadApi(apiId);
  const base = `/devportal/apis/${api.id}`;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ href: "/devportal", label: "APIs" }]}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {api.name} <span className="font-mono text-base font-normal text-zinc-500">v{api.version}</span>
            <ApiStateBadge state={api.state} />
          </span>
        }
        description={api.description || undefined}
        actions={<RatingStars average={api.rating.average} count={api.rating.count} />}
      />
      <div className="mb-4">
        <VersionLinks api={api} />
      </div>
      {api.state === "PROTOTYPED" && (
        <Alert tone="warning" title="This API is a prototype" className="mb-4">
          Try it in the API console without subscribing or a token. It may change before it is published.
        </Alert>
      )}
      {api.state === "DEPRECATED" && (
        <Alert tone="warning" title="This version is deprecated" className="mb-4">
          Your existing subscriptions keep working, but it takes no new ones. Move to a newer version when you can.
        </Alert>
      )}
      <LinkTabs
        label="API sections"
        tabs={[
          { href: base, label: "Overview" },
          { href: `${base}/documents`, label: "Documents" },
          { href: `${base}/console`, label: "Try it out" },
          { href: `${base}/comments`, label: "Comments" },
        ]}
      />
      {children}
    </>
  );
}
