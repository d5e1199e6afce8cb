import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { PORTAL_SECTIONS } from "@/components/shell/portal-sections";
import { getSessionActor } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** The developer portal can be browsed without signing in; actions inside it check the caller. */
export default async function DevportalLayout({ children }: { children: ReactNode }) {
  const actor = await getSessionActor();
  return (
    <AppShell user={actor} current="devportal" sections={actor ? PORTAL_SECTIONS.devportal : PORTAL_SECTIONS.devportalSignedOut}>
      {children}
    </AppShell>
  );
}
