import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { AppShell } from "@/components/shell/app-shell";
import { requirePortalActor } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await requirePortalActor("admin:manage", "/admin");
  return (
    <AppShell user={actor} current="admin">
      <AdminNav />
      {children}
    </AppShell>
  );
}
