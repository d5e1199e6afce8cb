"use client";

import { useState } from "react";
import { Badge, Button, Field, Input } from "@/components/ui";
import { ROLES } from "@/db/schema/users";
import type { ScopeDto } from "@/lib/apis/api-detail";

type Props = {
  scopes: ScopeDto[];
  readOnly: boolean;
  errors: (field: string) => string | undefined;
  onChange: (scopes: ScopeDto[]) => void;
};

/** Scopes defined for this API: a key resources can require, a name, and the roles that may be granted it. */
export function ScopesEditor({ scopes, readOnly, errors, onChange }: Props) {
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const add = () => {
    if (!key.trim()) return;
    onChange([...scopes, { key: key.trim(), name: name.trim() || key.trim(), description: "", roles: [] }]);
    setKey("");
    setName("");
  };
  return (
    <div className="grid gap-4">
      {scopes.length === 0 && <p className="text-sm text-zinc-500">No scopes yet. Add one to require it on resources, e.g. order_write for placing orders.</p>}
      <ul className="grid gap-3">
        {scopes.map((scope, i) => (
          <li key={scope.key + i} className="grid gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone="brand" className="font-mono">
                {scope.key}
              </Badge>
              <span className="text-sm">{scope.name}</span>
              {!readOnly && (
                <Button type="button" variant="ghost" size="sm" className="ms-auto" aria-label={`Remove scope ${scope.key}`} onClick={() => onChange(scopes.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              )}
            </div>
            <fieldset className="flex flex-wrap gap-3" disabled={readOnly} aria-label={`Roles for ${scope.key}`}>
              {ROLES.map((role) => (
                <label key={role} className="flex items-center gap-1.5 text-xs">
                  <input
                    type="checkbox"
                    className="accent-brand-600"
                    checked={scope.roles.includes(role)}
                    onChange={(e) => onChange(scopes.map((s, j) => (j === i ? { ...s, roles: e.target.checked ? [...s.roles, role] : s.roles.filter((r) => r !== role) } : s)))}
                  />
                  {role}
                </label>
              ))}
            </fieldset>
            {(errors(`scopes.${i}.key`) || errors(`scopes.${i}.name`)) && (
              <p role="alert" className="text-xs font-medium text-red-600 dark:text-red-400">
                {errors(`scopes.${i}.key`) ?? errors(`scopes.${i}.name`)}
              </p>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && (
        <div className="flex flex-wrap items-end gap-2">
          <Field label="Scope key">
            <Input value={key} onChange={(e) => setKey(e.target.value)} placeholder="order_write" className="font-mono" onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), add())} />
          </Field>
          <Field label="Display name">
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Place orders" onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), add())} />
          </Field>
          <Button type="button" variant="secondary" onClick={add}>
            Add scope
          </Button>
        </div>
      )}
    </div>
  );
}
