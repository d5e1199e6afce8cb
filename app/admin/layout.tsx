import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { PORTAL_SECTIONS } from "@/components/shell/portal-sections";
import { requirePortalActor } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requirePortalActor("admin:manage", "/admin");
  return (
    <AppShell user={actor} current="admin" sections={PORTAL_SECTIONS.admin}>
      {children}
    </AppShell>
  );
}
