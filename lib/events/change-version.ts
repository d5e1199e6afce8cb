import "server-only";
import type { Queryable } from "@/db/client";
import { changeVersion } from "@/db/schema";

/**
 * The deployment's change version (db/schema/changes.ts): every committed write the gateway cares
 * about has a version at most this. One primary-key read; 0 before the first change.
 */
export async function readChangeVersion(db: Queryable): Promise<number> {
  const [row] = await db.select({ version: changeVersion.version }).from(changeVersion).limit(1);
  return row?.version ?? 0;
}

