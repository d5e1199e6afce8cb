import type { Metadata } from "next";
import Link from "next/link";
import { ApiStateBadge } from "@/components/publisher/api-state-badge";
import { DeploySampleButton } from "@/components/publisher/deploy-sample-button";
import { Alert, Badge, Button, EmptyState, Input, NativeSelect, PageHeader, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { API_STATES } from "@/db/schema/apis";
import { requirePortalCtx } from "@/lib/auth/guards";
import { listApis } from "@/lib/apis/list-apis";
import { can } from "@/lib/services/context";
import { deploySampleAction } from "./actions";

export const metadata: Metadata = { title: "Publisher" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export default async function PublisherApisPage({ searchParams }: Props) {
  const params = await searchParams;
  const query = typeof params.query === "string" ? params.query : undefined;
  const state = typeof params.state === "string" && (API_STATES as readonly string[]).includes(params.state) ? params.state : undefined;
  const ctx = await requirePortalCtx("api:view", "/publisher");
  const apis = await listApis({ ctx, input: { query, state } });
  const filtered = Boolean(query || state);
  const mayCreate = can(ctx.actor, "api:create");
  const createActions = mayCreate && (
    <>
      <Button asChild>
        <Link href="/publisher/apis/new">Create API</Link>
      </Button>
      <Button asChild variant="secondary">
        <Link href="/publisher/apis/import">Import OpenAPI</Link>
      </Button>
      <DeploySampleButton action={deploySampleAction} />
    </>
  );
  return (
    <>
      <PageHeader title="APIs" description="The APIs of your organization, in every version and lifecycle state." actions={createActions} />
      {params.deleted && (
        <Alert tone="success" className="mb-4">
          The API was deleted.
        </Alert>
      )}
      <form role="search" className="mb-4 flex flex-wrap items-center gap-2">
        <Input name="query" type="search" defaultValue={query} placeholder="Name, context or tag:pizza" aria-label="Search APIs" className="w-72!" />
        <NativeSelect name="state" defaultValue={state ?? ""} aria-label="State" className="w-44!">
          <option value="">Any state</option>
          {API_STATES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0) + s.slice(1).toLowerCase()}
            </option>
          ))}
        </NativeSelect>
        <Button type="submit" variant="secondary">
          Search
        </Button>
        {filtered && (
          <Link href="/publisher" className="text-sm text-zinc-600 hover:underline dark:text-zinc-400">
            Clear
          </Link>
        )}
      </form>
      {apis.length === 0 ? (
        filtered ? (
          <EmptyState title="No APIs match" description="Try another name, context or tag, or another state." />
        ) : (
          <EmptyState
            title="No APIs yet"
            description="Design an API from scratch, import an OpenAPI or Swagger document, or deploy the PizzaShack sample to see the whole journey in a minute."
            actions={createActions}
          />
        )
      ) : (
        <Table>
          <TableHeadings columns={["Name", "Context", "Version", "State", "Tags", "Updated"]} />
          <TableBody>
            {apis.map((api) => (
              <TableRow key={api.id}>
                <TableCell className="font-medium">
                  <Link href={`/publisher/apis/${api.id}`} className="hover:underline">
                    {api.name}
                  </Link>
                </TableCell>
                <TableCell className="font-mono text-xs">{api.context}</TableCell>
                <TableCell>
                  {api.version} {api.isDefaultVersion && <Badge tone="brand">default</Badge>}
                </TableCell>
                <TableCell>
                  <ApiStateBadge state={api.state} />
                </TableCell>
                <TableCell className="space-x-1">
                  {api.tags.map((tag) => (
                    <Link key={tag} href={`/publisher?query=${encodeURIComponent(`tag:${tag}`)}`}>
                      <Badge>{tag}</Badge>
                    </Link>
                  ))}
                </TableCell>
                <TableCell className="text-zinc-500">{dateFormat.format(api.updatedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
