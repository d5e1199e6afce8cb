"use client";

import { Alert, Button, useAction, type FormAction } from "@/components/ui";
import type { Role } from "@/lib/auth/roles";
import { RoleCheckboxes } from "./role-checkboxes";

/** Replaces the user's roles; they apply on the user's next request. */
export function RolesForm({ action, roles }: { action: FormAction<unknown>; roles: Role[] }) {
  const { pending, onSubmit, fieldError, failure } = useAction(action, { success: "Roles saved" });
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
