import type { Metadata } from "next";
import Link from "next/link";
import { ApiStateBadge } from "@/components/publisher/api-state-badge";
import { CreateVersionDialog } from "@/components/publisher/create-version-dialog";
import { Badge, ConfirmButton, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { listVersions } from "@/lib/apis/get-api";
import { can } from "@/lib/services/context";
import { loadApi } from "../load-api";
import { createVersionAction, setDefaultVersionAction } from "./actions";

export const metadata: Metadata = { title: "Versions" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export default async function VersionsPage({ params }: { params: Promise<{ apiId: string }> }) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const versions = await listVersions({ ctx, apiId: api.id });
  const editable = can(ctx.actor, "api:create");
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className="max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
          Every version of {api.name} lives at {api.context}. The default version also answers at {api.context} without a version in the path.
        </p>
        {editable && <CreateVersionDialog apiLabel={`${api.name} ${api.version}`} action={createVersionAction.bind(null, api.id)} />}
      </div>
      <Table>
        <TableHeadings columns={["Version", "State", "Created"]} actions="Default" />
        <TableBody>
          {versions.map((v) => (
            <TableRow key={v.id} aria-current={v.id === api.id ? "page" : undefined}>
              <TableCell className="font-medium">
                <Link href={`/publisher/apis/${v.id}/versions`} className="hover:underline">
                  {v.version}
                </Link>
                {v.id === api.id && <span className="ms-2 text-xs text-zinc-500">(this one)</span>}
              </TableCell>
              <TableCell>
                <ApiStateBadge state={v.state} />
              </TableCell>
              <TableCell className="text-zinc-500">{dateFormat.format(new Date(v.createdAt))}</TableCell>
              <TableCell className="text-right">
                {v.isDefaultVersion ? (
                  <Badge tone="brand">default version</Badge>
                ) : (
                  editable && <ConfirmButton label="Make default" success={`${v.version} is now the default version`} action={setDefaultVersionAction.bind(null, v.id)} size="sm" refresh />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
