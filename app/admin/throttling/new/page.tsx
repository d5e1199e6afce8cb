import type { Metadata } from "next";
import { PolicyForm } from "@/components/admin/policy-form";
import { PageHeader } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { createPolicyAction } from "../actions";

export const metadata: Metadata = { title: "New throttling policy" };

export default async function NewPolicyPage() {
  await requirePortalCtx("admin:manage", "/admin/throttling/new");
  return (
    <>
      <PageHeader
        title="New throttling policy"
        description="A request count per unit of time. Subscriptions, applications and APIs can use it as soon as it is saved."
        breadcrumbs={[{ href: "/admin/throttling", label: "Throttling policies" }]}
      />
      <PolicyForm action={createPolicyAction} />
    </>
  );
}
