import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeletePolicyButton } from "@/components/admin/delete-policy-button";
import { PolicyForm } from "@/components/admin/policy-form";
import { Badge, PageHeader } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { NotFoundError } from "@/lib/errors";
import { getPolicy } from "@/lib/throttling/policies";
import { deletePolicyAction, updatePolicyAction } from "../actions";

export const metadata: Metadata = { title: "Edit throttling policy" };

type Props = { params: Promise<{ policyId: string }> };

export default async function EditPolicyPage({ params }: Props) {
  const { policyId } = await params;
  const ctx = await requirePortalCtx("admin:manage", `/admin/throttling/${policyId}`);
  const policy = await getPolicy({ ctx, policyId }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {policy.name} <Badge tone="brand">{policy.level.toLowerCase()}</Badge>
          </span>
        }
        description="Changes apply on every gateway within a second, to the requests already counted in the window too."
        breadcrumbs={[{ href: "/admin/throttling", label: "Throttling policies" }]}
        actions={<DeletePolicyButton name={policy.name} action={deletePolicyAction.bind(null, policy.id!)} />}
      />
      <PolicyForm action={updatePolicyAction.bind(null, policy.id!)} policy={policy} />
    </>
  );
}
