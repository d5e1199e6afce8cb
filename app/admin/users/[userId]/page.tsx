import type { Metadata } from "next";
import { AccountActions } from "@/components/admin/account-actions";
import { RolesForm } from "@/components/admin/roles-form";
import { formatDateTime } from "@/components/analytics/format";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { getUser } from "@/lib/users/list-users";
import { resetPasswordAction, setDisabledAction, setRolesAction } from "../actions";

export const metadata: Metadata = { title: "User" };

export default async function AdminUserPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const ctx = await requirePortalCtx("admin:manage", `/admin/users/${userId}`);
  const user = await getUser({ ctx, userId });
  return (
    <>
      <PageHeader
        title={user.name}
        description={
          <>
            {user.email} · {user.organizationName} · {user.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}
          </>
        }
        breadcrumbs={[{ href: "/admin/users", label: "Users" }]}
      />
      <dl className="mb-6 grid gap-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Created</dt>
          <dd>{formatDateTime(user.createdAt)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Last sign-in</dt>
          <dd>{formatDateTime(user.lastSignInAt)}</dd>
        </div>
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Last changed</dt>
          <dd>{formatDateTime(user.updatedAt)}</dd>
        </div>
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Roles</CardTitle>
            <CardDescription>What this user may do. The last admin keeps the admin role.</CardDescription>
          </CardHeader>
          <CardContent>
            <RolesForm action={setRolesAction.bind(null, user.id)} roles={user.roles} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Account</CardTitle>
            <CardDescription>Every change here is recorded in the audit log.</CardDescription>
          </CardHeader>
          <CardContent>
            <AccountActions
              email={user.email}
              disabled={user.disabled}
              self={user.id === ctx.actor?.id}
              resetPassword={resetPasswordAction.bind(null, user.id)}
              setDisabled={setDisabledAction.bind(null, user.id)}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
