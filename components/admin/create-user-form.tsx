"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert, Button, Field, Input, NativeSelect, useAction, type FormAction } from "@/components/ui";
import { OneTimePassword } from "./one-time-password";
import { RoleCheckboxes } from "./role-checkboxes";

type Created = { id: string; email: string; generatedPassword: string | null };

type Props = { action: FormAction<Created>; organizations: { id: string; name: string }[]; defaultOrganizationId: string };

/** Creates an account; without a password, one is generated and shown once. */
export function CreateUserForm({ action, organizations, defaultOrganizationId }: Props) {
  const [created, setCreated] = useState<Created | null>(null);
  const { pending, onSubmit, fieldError, failure } = useAction(action, { resetForm: true, onSuccess: setCreated });
  return (
    <div className="grid max-w-2xl gap-6">
      {created && (
        <div className="grid gap-2">
          {created.generatedPassword ? (
            <OneTimePassword email={created.email} password={created.generatedPassword} />
          ) : (
            <Alert tone="success" title="User created">
              {created.email} can sign in with the password you chose.
            </Alert>
          )}
          <Link href={`/admin/users/${created.id}`} className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300">
            Open {created.email}
          </Link>
        </div>
      )}
      <form onSubmit={onSubmit} className="grid gap-4">
        {failure && <Alert tone="danger">{failure}</Alert>}
        <Field label="Email" error={fieldError("email")} required>
          <Input name="email" type="email" autoComplete="off" />
        </Field>
        <Field label="Name" error={fieldError("name")} required>
          <Input name="name" autoComplete="off" />
        </Field>
        <Field label="Organization" error={fieldError("organizationId")}>
          <NativeSelect name="organizationId" defaultValue={defaultOrganizationId} options={organizations.map((o) => ({ value: o.id, label: o.name }))} />
        </Field>
        <RoleCheckboxes defaultRoles={["subscriber"]} error={fieldError("roles")} />
        <Field label="Password" error={fieldError("password")} hint="Leave empty to generate one, shown once after creating.">
          <Input name="password" type="password" autoComplete="new-password" />
        </Field>
        <div>
          <Button type="submit" loading={pending}>
            Create user
          </Button>
        </div>
      </form>
    </div>
  );
}
