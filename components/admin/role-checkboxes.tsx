import { ROLES, type Role } from "@/lib/auth/roles";

const ROLE_HINTS: Record<Role, string> = {
  admin: "everything: users, policies, blocking, all statistics",
  publisher: "APIs plus lifecycle changes, subscriptions and statistics",
  creator: "create and edit APIs, not their lifecycle",
  subscriber: "developer portal: applications, subscriptions, keys",
};

/** One checkbox per role, submitted as repeated `roles` fields. */
export function RoleCheckboxes({ defaultRoles = [], error }: { defaultRoles?: readonly Role[]; error?: string }) {
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? "roles-error" : undefined}>
      <legend className="mb-1 text-sm font-medium">Roles</legend>
      {ROLES.map((role) => (
        <label key={role} className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="roles" value={role} defaultChecked={defaultRoles.includes(role)} className="mt-0.5 size-4 accent-brand-600" />
          <span>
            <span className="font-medium">{role}</span> <span className="text-zinc-500 dark:text-zinc-400">– {ROLE_HINTS[role]}</span>
          </span>
        </label>
      ))}
      {error && (
        <p id="roles-error" role="alert" className="text-sm font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}
