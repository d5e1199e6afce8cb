import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePortalActor } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export default async function PublisherLayout({ children }: { children: ReactNode }) {
  const actor = await requirePortalActor("api:view", "/publisher");
  return (
    <AppShell user={actor} current="publisher">
      {children}
    </AppShell>
  );
}
