import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, buttonClassName, cn, ThemeToggle } from "@/components/ui";
import { portalsFor, type Role } from "@/lib/auth/roles";
import { SectionNav, type SectionLink } from "./section-nav";
import { SignOutButton } from "./sign-out-button";

export type Portal = "devportal" | "publisher" | "admin";

type ShellUser = { name: string; email: string; roles: Role[] } | null;

const PORTAL_LINKS: { portal: Portal; href: string; label: string }[] = [
  { portal: "devportal", href: "/devportal", label: "Developer Portal" },
  { portal: "publisher", href: "/publisher", label: "Publisher" },
  { portal: "admin", href: "/admin", label: "Admin" },
];

const PORTAL_LABELS: Record<Portal, string> = { devportal: "Developer portal sections", publisher: "Publisher sections", admin: "Admin sections" };

/** The frame of every portal: brand, the portals the user's roles open, the account menu, and the portal's sections. */
export function AppShell({
  user,
  current,
  sections,
  children,
}: {
  user: ShellUser;
  current: Portal;
  sections?: readonly SectionLink[];
  children: ReactNode;
}) {
  const open = portalsFor(user?.roles ?? []);
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">
        Skip to content
      </a>
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4">
          <Link href="/devportal" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm text-white">
              P
            </span>
            Portcullis
          </Link>
          <nav aria-label="Portals" className="flex items-center gap-1">
            {PORTAL_LINKS.filter((link) => open[link.portal]).map((link) => (
              <Link
                key={link.portal}
                href={link.href}
                aria-current={link.portal === current ? "page" : undefined}
                className={cn(
                  "rounded-md px-3 py-1.5 text-sm font-medium",
                  link.portal === current
                    ? "bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-200"
                    : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800",
                )}
              >
                {link.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <ThemeToggle />
            {user ? (
              <>
                <div className="hidden text-right sm:block">
                  <div className="text-sm font-medium" data-testid="signed-in-user">
                    {user.name}
                  </div>
                  <div className="flex justify-end gap-1">
                    {user.roles.map((role) => (
                      <Badge key={role} tone={role === "admin" ? "brand" : "neutral"}>
                        {role}
                      </Badge>
                    ))}
                  </div>
                </div>
                <SignOutButton />
              </>
            ) : (
              <>
                <Link href="/sign-in" className={buttonClassName("ghost", "sm")}>
                  Sign in
                </Link>
                <Link href="/sign-up" className={buttonClassName("primary", "sm")}>
                  Sign up
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-8">
        {sections && <SectionNav label={PORTAL_LABELS[current]} links={sections} />}
        {children}
      </main>
    </div>
  );
}
