import type { Metadata } from "next";
import { ApiBasicsForm } from "@/components/publisher/api-basics-form";
import { DeleteApiButton } from "@/components/publisher/delete-api-button";
import { ThumbnailUpload } from "@/components/publisher/thumbnail-upload";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui";
import { can } from "@/lib/services/context";
import { deleteApiAction, updateBasicsAction } from "./actions";
import { loadApi } from "./load-api";

export const metadata: Metadata = { title: "API overview" };

type Props = { params: Promise<{ apiId: string }> };

export default async function ApiOverviewPage({ params }: Props) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const editable = can(ctx.actor, "api:create");
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <Card>
        <CardHeader>
          <CardTitle>About this API</CardTitle>
          <CardDescription>Shown to developers in the developer portal.</CardDescription>
        </CardHeader>
        <CardContent>
          <ApiBasicsForm api={api} action={updateBasicsAction.bind(null, api.id)} readOnly={!editable} />
        </CardContent>
      </Card>
      <div className="grid content-start gap-6">
        <Card>
          <CardHeader>
            <CardTitle>At a glance</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
              <dt className="text-zinc-500">Resources</dt>
              <dd>{api.resources.length}</dd>
              <dt className="text-zinc-500">Production</dt>
              <dd className="truncate font-mono text-xs" title={api.endpoints.production?.url}>{api.endpoints.production?.url ?? "none"}</dd>
              <dt className="text-zinc-500">Sandbox</dt>
              <dd className="truncate font-mono text-xs" title={api.endpoints.sandbox?.url}>{api.endpoints.sandbox?.url ?? "none"}</dd>
              <dt className="text-zinc-500">Tiers</dt>
              <dd className="flex flex-wrap gap-1">
                {api.subscriptionTiers.map((tier) => (
                  <Badge key={tier}>{tier}</Badge>
                ))}
              </dd>
              <dt className="text-zinc-500">Visibility</dt>
              <dd>{api.visibility === "PUBLIC" ? "Public" : `Roles: ${api.visibleRoles.join(", ")}`}</dd>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Thumbnail</CardTitle>
          </CardHeader>
          <CardContent>
            {editable ? <ThumbnailUpload apiId={api.id} hasThumbnail={api.hasThumbnail} version={api.updatedAt} /> : <p className="text-sm text-zinc-500">{api.hasThumbnail ? "Set." : "None."}</p>}
          </CardContent>
        </Card>
        {editable && (
          <Card className="border-red-200 dark:border-red-900">
            <CardHeader>
              <CardTitle>Delete this version</CardTitle>
              <CardDescription>Removes {api.version} with its resources, documents and history. APIs with subscriptions cannot be deleted.</CardDescription>
            </CardHeader>
            <CardContent>
              <DeleteApiButton name={`${api.name} ${api.version}`} action={deleteApiAction.bind(null, api.id)} />
            </CardContent>
          </Card>
        )}
      </div>
    </div>
  );
}
