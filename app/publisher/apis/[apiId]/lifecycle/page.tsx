import type { Metadata } from "next";
import { ApiStateBadge } from "@/components/publisher/api-state-badge";
import { LifecycleActions } from "@/components/publisher/lifecycle-actions";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { allowedActions } from "@/lib/apis/lifecycle";
import { lifecycleHistory } from "@/lib/apis/lifecycle-history";
import { can } from "@/lib/services/context";
import { loadApi } from "../load-api";
import { changeLifecycleAction } from "./actions";

export const metadata: Metadata = { title: "Lifecycle" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default async function LifecyclePage({ params }: { params: Promise<{ apiId: string }> }) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const history = await lifecycleHistory({ ctx, apiId: api.id });
  const actions = allowedActions(api.state);
  const label = `${api.name} ${api.version}`;
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            Current state <ApiStateBadge state={api.state} />
          </CardTitle>
          <CardDescription>{actions.length ? "What can happen next:" : "A retired API stays retired."}</CardDescription>
        </CardHeader>
        <CardContent>
          {!can(ctx.actor, "api:publish") ? (
            <Alert tone="info">Only publishers change the lifecycle. Ask one to {actions.length ? actions.join(" or ").toLowerCase() : "help"} this API.</Alert>
          ) : (
            <LifecycleActions actions={actions} apiLabel={label} change={changeLifecycleAction.bind(null, api.id)} />
          )}
        </CardContent>
      </Card>
      <section aria-labelledby="history-heading" className="grid gap-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        {history.length === 0 ? (
          <EmptyState headingLevel={3} title="No changes yet" description={`${label} has been ${api.state} since it was created.`} />
        ) : (
          <Table>
            <TableHeadings columns={["When", "Who", "Action", "From", "To"]} />
            <TableBody>
              {history.map((entry) => (
                <TableRow key={entry.id}>
                  <TableCell>{dateFormat.format(new Date(entry.at))}</TableCell>
                  <TableCell>{entry.actor ? `${entry.actor.name} (${entry.actor.email})` : "a deleted user"}</TableCell>
                  <TableCell>{entry.action}</TableCell>
                  <TableCell>
                    <ApiStateBadge state={entry.from} />
                  </TableCell>
                  <TableCell>
                    <ApiStateBadge state={entry.to} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
