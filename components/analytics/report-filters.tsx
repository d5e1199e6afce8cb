"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, Input, Label, NativeSelect } from "@/components/ui";
import { RANGE_PRESETS } from "@/lib/analytics/time-range";

export type FilterOption = { value: string; label: string };

type Props = {
  /** A second filter: the API (publisher, admin) or the application (developer portal). */
  filter?: { name: "api" | "application"; label: string; options: FilterOption[] };
};

const PRESETS = [...Object.entries(RANGE_PRESETS).map(([value, preset]) => ({ value, label: preset.label })), { value: "custom", label: "Custom range" }];

/** `datetime-local` wants local time without a zone; the URL keeps ISO instants. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** The time-range picker (and an API or application filter), kept in the URL so views can be shared. */
export function ReportFilters({ filter }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [range, setRange] = useState(params.get("range") ?? "24h");
  const [from, setFrom] = useState(toLocalInput(params.get("from")));
  const [to, setTo] = useState(toLocalInput(params.get("to")));

  const navigate = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    startTransition(() => router.push(`${pathname}?${next.toString()}`));
  };

  const applyCustom = () => {
    if (!from || !to) return;
    navigate({ range: "custom", from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  };

  return (
    <div className="mb-6 flex flex-wrap items-end gap-3" aria-busy={pending || undefined}>
      <div className="grid gap-1.5">
        <Label htmlFor="report-range">Time range</Label>
        <NativeSelect
          id="report-range"
          value={range}
          options={PRESETS}
          className="w-44!"
          onChange={(event) => {
            setRange(event.target.value);
            if (event.target.value !== "custom") navigate({ range: event.target.value, from: null, to: null });
          }}
        />
      </div>
      {range === "custom" && (
        <>
          <div className="grid gap-1.5">
            <Label htmlFor="report-from">From</Label>
            <Input id="report-from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} className="w-52!" />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="report-to">To</Label>
            <Input id="report-to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} className="w-52!" />
          </div>
          <Button type="button" variant="secondary" onClick={applyCustom} disabled={!from || !to} loading={pending}>
            Apply
          </Button>
        </>
      )}
      {filter && (
        <div className="grid gap-1.5">
          <Label htmlFor={`report-${filter.name}`}>{filter.label}</Label>
          <NativeSelect
            id={`report-${filter.name}`}
            value={params.get(filter.name) ?? ""}
            className="w-64!"
            onChange={(event) => navigate({ [filter.name]: event.target.value || null })}
          >
            <option value="">All</option>
            {filter.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </NativeSelect>
        </div>
      )}
    </div>
  );
}
