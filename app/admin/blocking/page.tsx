import type { Metadata } from "next";
import { BlockingForm } from "@/components/admin/blocking-form";
import { BLOCKING_KINDS } from "@/components/admin/blocking-kinds";
import { BlockingRowActions } from "@/components/admin/blocking-row-actions";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { listBlockingConditions } from "@/lib/throttling/blocking";
import { createBlockingAction, deleteBlockingAction, setBlockingEnabledAction } from "./actions";

export const metadata: Metadata = { title: "Blocking conditions" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default async function BlockingConditionsPage() {
  const conditions = await listBlockingConditions({ ctx: await requirePortalCtx("admin:manage", "/admin/blocking") });
  return (
    <>
      <PageHeader
        title="Blocking conditions"
        description="Calls that match an enabled condition are refused (403, code 900805) before any throttling, on every gateway within a second."
      />
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Add a condition</CardTitle>
          <CardDescription>Block an API, an application, a user, an IP address or a range of addresses.</CardDescription>
        </CardHeader>
        <CardContent>
          <BlockingForm action={createBlockingAction} />
        </CardContent>
      </Card>
      {conditions.length === 0 ? (
        <EmptyState title="Nothing is blocked" description="Add a condition above to refuse calls from an application, a user or an address." />
      ) : (
        <Table>
          <TableHeadings columns={["Condition", "Value", "Status", "Added"]} actions="Actions" />
          <TableBody>
            {conditions.map((condition) => (
              <TableRow key={condition.id}>
                <TableCell>{BLOCKING_KINDS[condition.type].label}</TableCell>
                <TableCell>
                  <code className="text-sm">{condition.value}</code>
                  {condition.label && <span className="ms-2 text-zinc-500">({condition.label})</span>}
                </TableCell>
                <TableCell>{condition.enabled ? <Badge tone="danger">Blocking</Badge> : <Badge>Switched off</Badge>}</TableCell>
                <TableCell>{dateFormat.format(new Date(condition.createdAt))}</TableCell>
                <TableCell>
                  <BlockingRowActions
                    label={condition.label ?? condition.value}
                    enabled={condition.enabled}
                    toggle={setBlockingEnabledAction.bind(null, condition.id, !condition.enabled)}
                    remove={deleteBlockingAction.bind(null, condition.id)}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
