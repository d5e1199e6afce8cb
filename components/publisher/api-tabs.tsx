"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui";

const TABS = [
  { segment: "", label: "Overview" },
  { segment: "/resources", label: "Resources" },
  { segment: "/endpoints", label: "Endpoints" },
  { segment: "/definition", label: "Definition" },
  { segment: "/documents", label: "Documents" },
  { segment: "/lifecycle", label: "Lifecycle" },
  { segment: "/versions", label: "Versions" },
] as const;

/** The sections of one API, as links so each has its own URL and works without JavaScript. */
export function ApiTabs({ apiId }: { apiId: string }) {
  const pathname = usePathname();
  const base = `/publisher/apis/${apiId}`;
  return (
    <nav aria-label="API sections" className="mb-6 flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((tab) => {
        const href = `${base}${tab.segment}`;
        const active = tab.segment === "" ? pathname === base : pathname.startsWith(href);
        return (
          <Link
            key={tab.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
              "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500",
              active
                ? "border-brand-600 text-brand-700 dark:border-brand-400 dark:text-brand-300"
                : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
