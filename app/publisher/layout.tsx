import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { PORTAL_SECTIONS } from "@/components/shell/portal-sections";
import { requirePortalActor } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export default async function PublisherLayout({ children }: { children: ReactNode }) {
  const actor = await requirePortalActor("api:view", "/publisher");
  return (
    <AppShell user={actor} current="publisher" sections={PORTAL_SECTIONS.publisher}>
      {children}
    </AppShell>
  );
}
