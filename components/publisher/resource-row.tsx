"use client";

import { Button, Input, NativeSelect, TableCell, TableRow } from "@/components/ui";
import { AUTH_TYPES, HTTP_METHODS } from "@/db/schema/apis";
import type { ResourceDto } from "@/lib/apis/api-detail";

export type ResourceDraft = ResourceDto & { key: string };

type Props = {
  resource: ResourceDraft;
  index: number;
  tiers: string[];
  scopeKeys: string[];
  readOnly: boolean;
  errors: (field: string) => string | undefined;
  onChange: (next: ResourceDraft) => void;
  onRemove: () => void;
};

/** One resource: method + URI template, with its auth type, tier, scopes and summary. */
export function ResourceRow({ resource, index, tiers, scopeKeys, readOnly, errors, onChange, onRemove }: Props) {
  const name = `${resource.method} ${resource.target}`;
  const error = ["method", "target", "authType", "throttlingTier", "scopes", "summary"].map((f) => errors(`resources.${index}.${f}`)).find(Boolean);
  const set = <K extends keyof ResourceDraft>(key: K, value: ResourceDraft[K]) => onChange({ ...resource, [key]: value });
  return (
    <TableRow className="align-top">
      <TableCell>
        <NativeSelect aria-label={`Method of ${name}`} className="min-w-[6.5rem]" value={resource.method} disabled={readOnly} onChange={(e) => set("method", e.target.value as ResourceDraft["method"])}>
          {HTTP_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </NativeSelect>
      </TableCell>
      <TableCell>
        <Input aria-label={`URI template of ${name}`} className="min-w-[12rem] font-mono text-xs" aria-invalid={error ? true : undefined} value={resource.target} readOnly={readOnly} onChange={(e) => set("target", e.target.value)} />
        {error && (
          <p role="alert" className="mt-1 text-xs font-medium text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        {resource.parameters.length > 0 && <p className="mt-1 text-xs text-zinc-500">{resource.parameters.map((p) => `${p.name} (${p.in})`).join(", ")}</p>}
      </TableCell>
      <TableCell>
        <Input aria-label={`Summary of ${name}`} className="min-w-[12rem]" value={resource.summary} readOnly={readOnly} onChange={(e) => set("summary", e.target.value)} />
      </TableCell>
      <TableCell>
        <NativeSelect aria-label={`Auth type of ${name}`} className="min-w-[16rem]" value={resource.authType} disabled={readOnly} onChange={(e) => set("authType", e.target.value as ResourceDraft["authType"])}>
          {AUTH_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </NativeSelect>
      </TableCell>
      <TableCell>
        <NativeSelect aria-label={`Throttling tier of ${name}`} className="min-w-[8.5rem]" value={resource.throttlingTier} disabled={readOnly} onChange={(e) => set("throttlingTier", e.target.value)}>
          {[...new Set([...tiers, resource.throttlingTier])].map((t) => (
            <option key={t}>{t}</option>
          ))}
        </NativeSelect>
      </TableCell>
      <TableCell className="min-w-32">
        {scopeKeys.length === 0 ? (
          <span className="text-xs text-zinc-500">No scopes defined</span>
        ) : (
          <fieldset className="grid gap-1" aria-label={`Scopes of ${name}`} disabled={readOnly}>
            {scopeKeys.map((key) => (
              <label key={key} className="flex items-center gap-1.5 text-xs">
                <input
                  type="checkbox"
                  className="accent-brand-600"
                  checked={resource.scopes.includes(key)}
                  onChange={(e) => set("scopes", e.target.checked ? [...resource.scopes, key] : resource.scopes.filter((s) => s !== key))}
                />
                <span className="font-mono">{key}</span>
              </label>
            ))}
          </fieldset>
        )}
      </TableCell>
      <TableCell className="w-10">
        {!readOnly && (
          <Button type="button" variant="ghost" size="sm" aria-label={`Remove ${name}`} onClick={onRemove}>
            ✕
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}
