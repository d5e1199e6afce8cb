import type { Metadata } from "next";
import Link from "next/link";
import { CreateApplicationDialog } from "@/components/devportal/create-application-dialog";
import { Badge, EmptyState, PageHeader, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { applicationTierOptions, listApplications } from "@/lib/devportal/applications";
import { createApplicationAction } from "./actions";

export const metadata: Metadata = { title: "Applications" };

export default async function ApplicationsPage() {
  const ctx = await requirePortalCtx("devportal:subscribe", "/devportal/applications");
  const [applications, tiers] = await Promise.all([listApplications({ ctx }), applicationTierOptions({ ctx })]);
  const create = <CreateApplicationDialog tiers={tiers} action={createApplicationAction} />;
  return (
    <>
      <PageHeader
        breadcrumbs={[{ href: "/devportal", label: "APIs" }]}
        title="Applications"
        description="An application subscribes to APIs and holds the keys and tokens your code calls them with."
        actions={create}
      />
      {applications.length === 0 ? (
        <EmptyState
          title="No applications yet"
          description="Create one to subscribe to APIs and get keys."
          actions={create}
        />
      ) : (
        <Table>
          <TableHeadings columns={["Name", "Tier", "Subscriptions", "Keys"]} />
          <TableBody>
            {applications.map((app) => (
              <TableRow key={app.id}>
                <TableCell className="font-medium">
                  <Link href={`/devportal/applications/${app.id}`} className="hover:underline">
                    {app.name}
                  </Link>
                  {app.isDefault && (
                    <Badge tone="brand" className="ms-2">
                      default
                    </Badge>
                  )}
                </TableCell>
                <TableCell>{app.throttlingTier}</TableCell>
                <TableCell>
                  <Link href={`/devportal/applications/${app.id}/subscriptions`} className="hover:underline">
                    {app.subscriptionCount}
                  </Link>
                </TableCell>
                <TableCell className="space-x-1">
                  {app.keyTypes.length === 0 ? (
                    <Link href={`/devportal/applications/${app.id}/keys`} className="text-sm text-brand-700 underline dark:text-brand-300">
                      Generate keys
                    </Link>
                  ) : (
                    app.keyTypes.map((type) => (
                      <Badge key={type} tone="success">
                        {type.toLowerCase()}
                      </Badge>
                    ))
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
