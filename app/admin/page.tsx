import type { Metadata } from "next";
import { Badge, PageHeader, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { listUsers } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "Admin" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

export default async function AdminUsersPage() {
  const users = await listUsers({ ctx: await requirePortalCtx("admin:manage", "/admin") });
  return (
    <>
      <PageHeader title="Users" description="Everyone who can sign in to this platform, with their roles." />
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>Email</TableHead>
            <TableHead>Roles</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Last sign-in</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.id}>
              <TableCell className="font-medium">{user.name}</TableCell>
              <TableCell>{user.email}</TableCell>
              <TableCell className="space-x-1">
                {user.roles.map((role) => (
                  <Badge key={role} tone={role === "admin" ? "brand" : "neutral"}>
                    {role}
                  </Badge>
                ))}
              </TableCell>
              <TableCell>{user.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}</TableCell>
              <TableCell>{user.lastSignInAt ? dateFormat.format(user.lastSignInAt) : "never"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
