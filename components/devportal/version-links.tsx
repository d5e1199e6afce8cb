import Link from "next/link";
import { cn } from "@/components/ui";
import type { DevportalApi } from "@/lib/devportal/api-view";

/** The other versions of the same context the caller may see. */
export function VersionLinks({ api }: { api: DevportalApi }) {
  if (api.versions.length < 2) return null;
  return (
    <nav aria-label="Versions" className="flex flex-wrap items-center gap-1 text-sm">
      <span className="text-zinc-500 dark:text-zinc-400">Versions:</span>
      {api.versions.map((v) => (
        <Link
          key={v.id}
          href={`/devportal/apis/${v.id}`}
          aria-current={v.id === api.id ? "page" : undefined}
          className={cn(
            "rounded-md px-2 py-0.5 font-mono text-xs",
            v.id === api.id ? "bg-brand-50 text-brand-700 dark:bg-brand-900/50 dark:text-brand-200" : "hover:bg-zinc-100 dark:hover:bg-zinc-800",
          )}
        >
          {v.version}
          {v.isDefaultVersion && " (default)"}
          {v.state === "DEPRECATED" && " (deprecated)"}
        </Link>
      ))}
    </nav>
  );
}
