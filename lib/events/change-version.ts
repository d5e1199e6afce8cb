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

/**
 * The change version, read by a query that starts after the call: callers that arrive while one is
 * in flight share the next, so at most one is in flight and one waits, however many callers ask.
 */
export function freshChangeVersion(read: () => Promise<number>): () => Promise<number> {
  let running: Promise<number> | null = null;
  let following: Promise<number> | null = null;
  const start = (): Promise<number> => {
    const run = read().finally(() => {
      if (running === run) running = null;
    });
    running = run;
    return run;
  };
  return () => {
    if (!running) return start();
    following ??= running
      .catch(() => undefined)
      .then(() => {
        following = null;
        // One started since the last finished began after every caller waiting here arrived.
        return running ?? start();
      });
    return following;
  };
}
