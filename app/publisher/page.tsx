import type { Metadata } from "next";
import Link from "next/link";
import { SearchForm } from "@/components/shell/search-form";
import { Badge, EmptyState, PageHeader, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui";
import { sessionCtx } from "@/lib/auth/session";
import { listApis } from "@/lib/apis/list-apis";
import { apiStateTone } from "@/components/publisher/api-state-badge";

export const metadata: Metadata = { title: "Publisher" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function PublisherApisPage({ searchParams }: Props) {
  const params = await searchParams;
  const query = typeof params.query === "string" ? params.query : undefined;
  const apis = await listApis({ ctx: await sessionCtx(), input: { query } });
  return (
    <>
      <PageHeader
        title="APIs"
        description="The APIs of your organization, in every version and lifecycle state."
        actions={<SearchForm defaultValue={query} placeholder="Name, context or tag" label="Search APIs" />}
      />
      {apis.length === 0 ? (
        <EmptyState
          title={query ? `No APIs match “${query}”` : "No APIs yet"}
          description={query ? "Try another name, context or tag." : "Create an API to design its resources, document it and publish it to the developer portal."}
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Context</TableHead>
              <TableHead>Version</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Tags</TableHead>
            </TableRow>
          </TableHeader>
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
                  <Badge tone={apiStateTone(api.state)}>{api.state}</Badge>
                </TableCell>
                <TableCell className="space-x-1">
                  {api.tags.map((tag) => (
                    <Badge key={tag}>{tag}</Badge>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
