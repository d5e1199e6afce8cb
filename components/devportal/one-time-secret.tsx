import { Alert, CopyButton } from "@/components/ui";

type Row = { label: string; value: string; secret?: boolean };

/** What is shown once and never again (a consumer secret, an access token, an API key). */
export function OneTimeSecret({ title, rows, note }: { title: string; rows: Row[]; note?: string }) {
  return (
    <Alert tone="warning" title={title} role="status">
      <p className="mb-3">{note ?? "Copy it now and keep it somewhere safe: you won't see it again. If you lose it, generate a new one."}</p>
      <dl className="grid gap-2">
        {rows.map((row) => (
          <div key={row.label} className="grid gap-1">
            <dt className="text-xs font-semibold uppercase">{row.label}</dt>
            <dd className="flex items-center gap-2">
              <code
                className="min-w-0 flex-1 rounded bg-white/70 px-2 py-1 font-mono text-xs break-all text-zinc-900 dark:bg-zinc-950/60 dark:text-zinc-100"
                data-testid={row.label.toLowerCase().replace(/\s+/g, "-")}
              >
                {row.value}
              </code>
              <CopyButton value={row.value} label={`Copy ${row.label.toLowerCase()}`} />
            </dd>
          </div>
        ))}
      </dl>
    </Alert>
  );
}
