import type { ReactNode } from "react";
import { ApiStateBadge } from "@/components/publisher/api-state-badge";
import { ApiTabs } from "@/components/publisher/api-tabs";
import { Badge, PageHeader } from "@/components/ui";
import { loadApi } from "./load-api";

type Props = { children: ReactNode; params: Promise<{ apiId: string }> };

export default async function ApiLayout({ children, params }: Props) {
  const { apiId } = await params;
  const { api } = await loadApi(apiId);
  return (
    <>
      <PageHeader
        breadcrumbs={[{ href: "/publisher", label: "APIs" }]}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {api.hasThumbnail && (
              // eslint-disable-next-line @next/next/no-img-element -- a small authenticated image, not worth the optimizer
              <img src={`/api/v1/publisher/apis/${api.id}/thumbnail?v=${encodeURIComponent(api.updatedAt)}`} alt="" className="size-9 rounded-md object-cover" />
            )}
            {api.name}
            <span className="text-base font-normal text-zinc-500">{api.version}</span>
            <ApiStateBadge state={api.state} />
            {api.isDefaultVersion && <Badge tone="brand">default version</Badge>}
          </span>
        }
        description={<span className="font-mono text-xs">{api.context}/{api.version}</span>}
      />
      <ApiTabs apiId={api.id} />
      {children}
    </>
  );
}
