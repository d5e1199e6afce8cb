import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/analytics/format";
import { Button, EmptyState, Input, NativeSelect, PageHeader, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { auditActions, listAuditLog } from "@/lib/users/audit-log";

export const metadata: Metadata = { title: "Audit log" };

type Search = { action?: string; actor?: string; page?: string };

function pageHref(search: Search, page: number): string {
  const params = new URLSearchParams();
  if (search.action) params.set("action", search.action);
  if (search.actor) params.set("actor", search.actor);
  params.set("page", String(page));
  return `?${params.toString()}`;
}

function details(value: Record<string, unknown>): string {
  const text = JSON.stringify(value);
  return text === "{}" ? "" : text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePortalCtx("admin:manage", "/admin/audit");
  const search = await searchParams;
  const [log, actions] = await Promise.all([
    listAuditLog({ ctx, input: { action: search.action ?? "", actor: search.actor ?? "", page: search.page ?? "" } }),
    auditActions({ ctx }),
  ]);
  return (
    <>
      <PageHeader title="Audit log" description="Every privileged action: who did what, to what, and when. Newest first." />
      <form role="search" className="mb-4 flex flex-wrap items-end gap-2">
        <NativeSelect name="action" defaultValue={search.action ?? ""} aria-label="Action" className="w-60!">
          <option value="">Any action</option>
          {[...new Set(actions.map((a) => `${a.split(".")[0]}.`))].map((prefix) => (
            <option key={prefix} value={prefix}>
              {prefix}* (all)
            </option>
          ))}
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </NativeSelect>
        <Input name="actor" defaultValue={search.actor ?? ""} placeholder="Actor email" aria-label="Actor email" className="w-60!" />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {log.entries.length === 0 ? (
        <EmptyState title="Nothing recorded" description={search.action || search.actor ? "No entries match these filters." : "Privileged actions (users, roles, settings, policies, APIs) are recorded here as they happen."} />
      ) : (
        <Table>
          <TableHeadings columns={["When", "Who", "Action", "Target", "Details"]} />
          <TableBody>
            {log.entries.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell className="whitespace-nowrap">{formatDateTime(entry.at)}</TableCell>
                <TableCell>{entry.actorEmail ?? "system"}</TableCell>
                <TableCell>
                  <code className="text-xs">{entry.action}</code>
                </TableCell>
                <TableCell>
                  {entry.targetType} <code className="text-xs text-zinc-500">{entry.targetId?.slice(0, 8)}</code>
                </TableCell>
                <TableCell className="max-w-md truncate font-mono text-xs" title={JSON.stringify(entry.details)}>
                  {details(entry.details)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <nav aria-label="Audit log pages" className="mt-4 flex items-center gap-4 text-sm">
        {log.page > 1 && <Link href={pageHref(search, log.page - 1)}>Newer</Link>}
        <span>
          Page {log.page} of {log.pages} · {log.total} entries
        </span>
        {log.page < log.pages && <Link href={pageHref(search, log.page + 1)}>Older</Link>}
      </nav>
    </>
  );
}
