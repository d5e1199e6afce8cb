"use client";

import { Alert, Button, useToast, useAction } from "@/components/ui";
import type { Role } from "@/lib/auth/roles";
import { setRolesAction } from "../actions";
import { RoleCheckboxes } from "../role-checkboxes";

/** Replaces the user's roles; they apply on the user's next request. */
export function RolesForm({ userId, roles }: { userId: string; roles: Role[] }) {
  const { toast } = useToast();
  const { pending, onSubmit, fieldError, failure } = useAction(setRolesAction.bind(null, userId), { onSuccess: () => toast({ title: "Roles saved", variant: "success" }) });
  return (
    <form onSubmit={onSubmit} className="grid gap-4">
      {failure && <Alert tone="danger">{failure}</Alert>}
      <RoleCheckboxes defaultRoles={roles} error={fieldError("roles")} />
      <div>
        <Button type="submit" loading={pending}>
          Save roles
        </Button>
      </div>
    </form>
  );
}
