import "server-only";
import type { Tx } from "@/db/client";
import { applications } from "@/db/schema";
import { readPlatformSettings } from "@/lib/users/platform-settings";

export const DEFAULT_APPLICATION = {
  name: "DefaultApplication",
  description: "Created for you at sign-up. Subscribe it to APIs and generate keys to start calling them.",
  throttlingTier: "Unlimited",
} as const;

/** Every user has a DefaultApplication, as in WSO2's developer portal. */
export async function createDefaultApplication(tx: Tx, ownerId: string): Promise<void> {
  await tx
    .insert(applications)
    .values({ ownerId, ...DEFAULT_APPLICATION, tokenValiditySeconds: (await readPlatformSettings(tx)).defaultTokenValiditySeconds })
    .onConflictDoNothing({ target: [applications.ownerId, applications.name] });
}
