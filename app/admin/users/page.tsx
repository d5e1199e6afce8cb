import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/analytics/format";
import { Badge, Button, EmptyState, Input, NativeSelect, PageHeader, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { ROLES } from "@/lib/auth/roles";
import { listUsers } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "Users" };

type Search = { query?: string; role?: string; status?: string };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePortalCtx("admin:manage", "/admin/users");
  const search = await searchParams;
  const input = { query: search.query ?? "", role: ROLES.find((r) => r === search.role) ?? "", status: search.status === "active" || search.status === "disabled" ? search.status : "" };
  const users = await listUsers({ ctx, input });
  const filtered = Boolean(input.query || input.role || input.status);
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who can sign in to this platform, with their roles."
        actions={
          <Button asChild>
            <Link href="/admin/users/new">Create user</Link>
          </Button>
        }
      />
      <form role="search" className="mb-4 flex flex-wrap items-end gap-2">
        <Input name="query" defaultValue={input.query} placeholder="Name or email" aria-label="Search by name or email" className="w-64!" />
        <NativeSelect name="role" defaultValue={input.role} aria-label="Role" className="w-40!">
          <option value="">Any role</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect name="status" defaultValue={input.status} aria-label="Status" className="w-36!">
          <option value="">Any status</option>
          <option value="active">Active</option>
          <option value="disabled">Disabled</option>
        </NativeSelect>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {users.length === 0 ? (
        <EmptyState title="No users match" description={filtered ? "Try another name, role or status." : "Create a user, or let developers sign up in the developer portal."} />
      ) : (
        <Table>
          <TableHeadings columns={["Name", "Email", "Roles", "Status", "Last sign-in"]} />
          <TableBody>
            {users.map((user) => (
              <TableRow key={user.id}>
                <TableCell className="font-medium">
                  <Link href={`/admin/users/${user.id}`} className="hover:underline">
                    {user.name}
                  </Link>
                </TableCell>
                <TableCell>{user.email}</TableCell>
                <TableCell className="space-x-1">
                  {user.roles.map((role) => (
                    <Badge key={role} tone={role === "admin" ? "brand" : "neutral"}>
                      {role}
                    </Badge>
                  ))}
                </TableCell>
                <TableCell>{user.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}</TableCell>
                <TableCell>{formatDateTime(user.lastSignInAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
