"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui";

const LINKS = [
  { href: "/admin/dashboard", label: "Dashboard" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/throttling", label: "Throttling policies" },
  { href: "/admin/blocking", label: "Blocking conditions" },
  { href: "/admin/settings", label: "Settings" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

/** The admin portal's sections, under the portal switcher. */
export function AdminNav() {
  const pathname = usePathname();
  const current = (link: (typeof LINKS)[number]) =>
    "exact" in link ? pathname === link.href : pathname === link.href || pathname.startsWith(`${link.href}/`);
  return (
    <nav aria-label="Admin sections" className="mb-6 flex flex-wrap gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {LINKS.map((link) => (
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
