import Link from "next/link";
import { ApiStateBadge } from "@/components/devportal/api-state-badge";
import { Badge, Button, ConfirmButton, EmptyState, Table, TableBody, TableCell, TableHeadings, TableRow } from "@/components/ui";
import { listSubscriptions } from "@/lib/devportal/subscriptions";
import { unsubscribeAction } from "../../actions";
import { loadApplication } from "../load-application";

type Props = { params: Promise<{ applicationId: string }> };

export default async function ApplicationSubscriptionsPage({ params }: Props) {
  const { applicationId } = await params;
  const { ctx, application } = await loadApplication(applicationId);
  const subscriptions = await listSubscriptions({ ctx, input: { applicationId: application.id } });
  if (subscriptions.length === 0) {
    return (
      <EmptyState
        title="No subscriptions yet"
        description={`Find an API in the catalogue and subscribe ${application.name} to it with a tier.`}
        actions={
          <Button asChild>
            <Link href="/devportal">Browse APIs</Link>
          </Button>
        }
      />
    );
  }
  return (
    <Table>
      <TableHeadings columns={["API", "Tier", "Status"]} actions="Actions" />
      <TableBody>
        {subscriptions.map((sub) => (
          <TableRow key={sub.id}>
            <TableCell>
              <Link href={`/devportal/apis/${sub.apiId}`} className="font-medium hover:underline">
                {sub.apiName}
              </Link>{" "}
              <span className="font-mono text-xs text-zinc-500">v{sub.apiVersion}</span> <ApiStateBadge state={sub.apiState} />
            </TableCell>
            <TableCell>{sub.throttlingTier}</TableCell>
            <TableCell>
              <Badge tone={sub.status === "ACTIVE" ? "success" : "danger"}>{sub.status.toLowerCase().replace(/_/g, " ")}</Badge>
            </TableCell>
            <TableCell className="text-right">
              <ConfirmButton
                action={unsubscribeAction.bind(null, sub.id)}
                label="Unsubscribe"
                confirm={{ title: `Unsubscribe from ${sub.apiName}?`, description: `${application.name}'s calls to ${sub.apiName} ${sub.apiVersion} are refused within a second.`, confirmLabel: "Unsubscribe" }}
                success={`Unsubscribed from ${sub.apiName}`}
                size="sm"
                triggerVariant="secondary"
                refresh
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
