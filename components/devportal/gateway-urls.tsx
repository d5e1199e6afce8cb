import { CopyButton } from "@/components/ui";
import type { DevportalApi } from "@/lib/devportal/api-view";

/** Where apps call the API; the key type of the token decides which backend answers. */
export function GatewayUrls({ urls }: { urls: DevportalApi["gatewayUrls"] }) {
  const rows = [
    { label: "Production", url: urls.production },
    { label: "Sandbox", url: urls.sandbox },
  ].filter((row) => row.url);
  if (rows.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">This API has no backend configured yet.</p>;
  return (
    <dl className="grid gap-3">
      {rows.map((row) => (
        <div key={row.label} className="grid gap-1">
          <dt className="text-xs font-medium text-zinc-500 uppercase dark:text-zinc-400">{row.label}</dt>
          <dd className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800">{row.url}</code>
            <CopyButton value={row.url!} label="Copy" />
          </dd>
        </div>
      ))}
    </dl>
  );
}
