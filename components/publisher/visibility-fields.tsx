"use client";

import { useState } from "react";
import { ROLES } from "@/db/schema/users";

type Props = { defaultVisibility?: "PUBLIC" | "RESTRICTED"; defaultRoles?: string[]; error?: string };

/** Who sees the API in the developer portal: everyone, or only the roles ticked. */
export function VisibilityFields({ defaultVisibility = "PUBLIC", defaultRoles = [], error }: Props) {
  const [visibility, setVisibility] = useState(defaultVisibility);
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">Visibility in the developer portal</legend>
      {(["PUBLIC", "RESTRICTED"] as const).map((value) => (
        <label key={value} className="flex items-center gap-2 text-sm">
          <input type="radio" name="visibility" value={value} checked={visibility === value} onChange={() => setVisibility(value)} className="accent-brand-600" />
          {value === "PUBLIC" ? "Public: anyone can find it" : "Restricted to roles"}
        </label>
      ))}
      {visibility === "RESTRICTED" && (
        <div className="ms-6 flex flex-wrap gap-4" role="group" aria-label="Roles that may see the API">
          {ROLES.map((role) => (
            <label key={role} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="visibleRoles" value={role} defaultChecked={defaultRoles.includes(role)} className="accent-brand-600" />
              {role}
            </label>
          ))}
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}
