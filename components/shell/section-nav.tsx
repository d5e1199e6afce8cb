"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui";

export type SectionLink = {
  href: string;
  label: string;
  /** Path prefixes (besides `href` itself) under which this section is the current one. */
  within?: readonly string[];
};

/** A portal's sections, under the portal switcher; the current one is marked for screen readers too. */
export function SectionNav({ label, links }: { label: string; links: readonly SectionLink[] }) {
  const pathname = usePathname();
  const current = (link: SectionLink) =>
    pathname === link.href || (link.within ?? [link.href]).some((prefix) => pathname.startsWith(`${prefix}/`));
  return (
    <nav aria-label={label} className="mb-6 flex flex-wrap gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={current(link) ? "page" : undefined}
          className={cn(
            "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
            current(link)
              ? "border-brand-600 text-brand-700 dark:border-brand-400 dark:text-brand-200"
              : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
          )}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
