import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { listOrganizations } from "@/lib/users/list-users";
import { CreateUserForm } from "../create-user-form";

export const metadata: Metadata = { title: "Create user" };

export default async function NewUserPage() {
  const ctx = await requirePortalCtx("admin:manage", "/admin/users/new");
  const organizations = await listOrganizations({ ctx });
  return (
    <>
      <PageHeader title="Create user" description="An account with the roles you choose. They also get a DefaultApplication, as at sign-up." breadcrumbs={[{ href: "/admin/users", label: "Users" }]} />
      <CreateUserForm organizations={organizations} defaultOrganizationId={ctx.actor?.organizationId ?? ""} />
    </>
  );
}
