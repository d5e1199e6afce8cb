import type { Metadata } from "next";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { PageHeader } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { listOrganizations } from "@/lib/users/list-users";
import { createUserAction } from "../actions";

export const metadata: Metadata = { title: "Create user" };

export default async function NewUserPage() {
  const ctx = await requirePortalCtx("admin:manage", "/admin/users/new");
  const organizations = await listOrganizations({ ctx });
  return (
    <>
      <PageHeader title="Create user" description="An account with the roles you choose. They also get a DefaultApplication, as at sign-up." breadcrumbs={[{ href: "/admin/users", label: "Users" }]} />
      <CreateUserForm action={createUserAction} organizations={organizations} defaultOrganizationId={ctx.actor?.organizationId ?? ""} />
    </>
  );
}
