"use client";

import type { FormAction } from "@/components/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Input, NativeSelect, Table, TableBody, useToast, TableHeadings, useAction } from "@/components/ui";
import { HTTP_METHODS, type HttpMethod } from "@/db/schema/apis";
import type { ApiDetail, ScopeDto } from "@/lib/apis/api-detail";
import { omit } from "@/lib/apis/omit";
import { ResourceRow, type ResourceDraft } from "./resource-row";
import { ScopesEditor } from "./scopes-editor";

type Props = { api: ApiDetail; tiers: string[]; action: FormAction<{ id: string }>; readOnly: boolean };

let nextKey = 0;
const withKey = (r: ApiDetail["resources"][number]): ResourceDraft => ({ ...r, key: `r${nextKey++}` });

/** Resources and scopes, edited together and saved at once (the definition's paths follow). */
export function ResourcesEditor({ api, tiers, action, readOnly }: Props) {
  const router = useRouter();
  const { toast } = useToast();
  const [resources, setResources] = useState(() => api.resources.map(withKey));
  const [scopes, setScopes] = useState<ScopeDto[]>(api.scopes);
  const [method, setMethod] = useState<HttpMethod>("GET");
  const [target, setTarget] = useState("");
  const { pending, onSubmit, fieldError, failure } = useAction(action, {
    onSuccess: () => {
      toast({ title: "Resources saved", description: "The definition was updated to match.", variant: "success" });
      router.refresh();
    },
  });
  const add = () => {
    const path = target.trim();
    if (!path) return;
    setResources([...resources, withKey({ method, target: path.startsWith("/") ? path : `/${path}`, authType: "Application & Application User", throttlingTier: "Unlimited", scopes: [], summary: "", parameters: [] })]);
    setTarget("");
  };
  const payload = JSON.stringify({ resources: resources.map((r) => omit(r, "key")), scopes });
  return (
    <form onSubmit={onSubmit} className="grid gap-6">
      <input type="hidden" name="payload" value={payload} />
      {failure && <Alert tone="danger">{failure}</Alert>}
      <Card>
        <CardHeader>
          <CardTitle>Resources</CardTitle>
          <CardDescription>Each resource is an HTTP method and a URI template under the context, like GET /order/{"{orderId}"} or /* for everything.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {resources.length === 0 ? (
            <EmptyState headingLevel={3} title="No resources yet" description="Add the first one below, or paste an OpenAPI document on the Definition tab." />
          ) : (
            <Table>
              <TableHeadings columns={["Method", "URI template", "Summary", "Auth type", "Tier", "Scopes"]} actions="Remove" />
              <TableBody>
                {resources.map((resource, i) => (
                  <ResourceRow
                    key={resource.key}
                    resource={resource}
                    index={i}
                    tiers={tiers}
                    scopeKeys={scopes.map((s) => s.key)}
                    readOnly={readOnly}
                    errors={fieldError}
                    onChange={(next) => setResources(resources.map((r) => (r.key === next.key ? next : r)))}
                    onRemove={() => setResources(resources.filter((r) => r.key !== resource.key))}
                  />
                ))}
              </TableBody>
            </Table>
          )}
          {!readOnly && (
            <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Add a resource">
              <NativeSelect aria-label="New resource method" value={method} onChange={(e) => setMethod(e.target.value as HttpMethod)} className="w-28!">
                {HTTP_METHODS.map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </NativeSelect>
              <Input aria-label="New resource URI template" placeholder="/order/{orderId}" value={target} className="w-72! font-mono text-xs" onChange={(e) => setTarget(e.target.value)} onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), add())} />
              <Button type="button" variant="secondary" onClick={add}>
                Add resource
              </Button>
            </div>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Scopes</CardTitle>
          <CardDescription>A token must carry a resource&apos;s scopes to call it; users get a scope when one of their roles is listed.</CardDescription>
        </CardHeader>
        <CardContent>
          <ScopesEditor scopes={scopes} readOnly={readOnly} errors={fieldError} onChange={setScopes} />
        </CardContent>
      </Card>
      {!readOnly && (
        <div>
          <Button type="submit" loading={pending}>
            Save resources
          </Button>
        </div>
      )}
    </form>
  );
}
