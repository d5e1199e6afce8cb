import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Button, Card, CardDescription, CardHeader, CardTitle, PageHeader, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { POLICY_LEVELS, type PolicyLevel } from "@/db/schema";
import { requirePortalCtx } from "@/lib/auth/guards";
import { UNAUTHENTICATED_POLICY } from "@/lib/throttling/default-policies";
import { formatLimit } from "@/lib/throttling/format";
import { listPolicies } from "@/lib/throttling/policies";

export const metadata: Metadata = { title: "Throttling policies" };

const LEVELS: Record<PolicyLevel, { title: string; description: string }> = {
  SUBSCRIPTION: { title: "Subscription", description: "Per application × API, chosen when subscribing." },
  APPLICATION: { title: "Application", description: "All APIs of one application, counted per end user of its tokens." },
  API: { title: "API and resource", description: "All callers of an API (API-level tier) or of one resource together." },
};

export default async function ThrottlingPoliciesPage() {
  const policies = await listPolicies({ ctx: await requirePortalCtx("admin:manage", "/admin/throttling") });
  return (
    <>
      <PageHeader
        title="Throttling policies"
        description={`Every level applies at once; the first to run out answers 429. Resources without authentication are counted per client IP (${UNAUTHENTICATED_POLICY.displayName}: ${formatLimit(UNAUTHENTICATED_POLICY)}).`}
        actions={
          <Button asChild>
            <Link href="/admin/throttling/new">New policy</Link>
          </Button>
        }
      />
      <div className="grid gap-6">
        {POLICY_LEVELS.map((level) => (
          <Card key={level}>
            <CardHeader className="pb-4">
              <CardTitle>{LEVELS[level].title}</CardTitle>
              <CardDescription>{LEVELS[level].description}</CardDescription>
            </CardHeader>
            <Table wrapperClassName="rounded-t-none rounded-b-xl border-x-0 border-b-0">
              <TableHeadings columns={["Name", "Limit", "Description"]} actions="Actions" />
              <TableBody>
                {policies
                  .filter((policy) => policy.level === level)
                  .map((policy) => (
                    <TableRow key={policy.id ?? `${level}:${policy.name}`}>
                      <TableCell className="font-medium">
                        {policy.name}
                        {policy.displayName !== policy.name && <span className="ms-2 text-zinc-500">({policy.displayName})</span>}
                      </TableCell>
                      <TableCell>{formatLimit(policy)}</TableCell>
                      <TableCell className="text-zinc-600 dark:text-zinc-400">{policy.description}</TableCell>
                      <TableCell className="text-right">
                        {policy.id ? (
                          <Button asChild variant="secondary" size="sm">
                            <Link href={`/admin/throttling/${policy.id}`} aria-label={`Edit ${policy.name}`}>
                              Edit
                            </Link>
                          </Button>
                        ) : (
                          <Badge>Default</Badge>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
              </TableBody>
            </Table>
          </Card>
        ))}
      </div>
    </>
  );
}
