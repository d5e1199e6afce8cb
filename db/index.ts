import "server-only";
import { config } from "@/lib/config";
import { openDatabase, type Database, type DatabaseHandle } from "./client";

/**
 * The process's one database. It hangs on `globalThis` because Next bundles its own copy of this
 * module beside the process entry's, and a PGlite data dir can be opened only once.
 */
const DB_KEY = Symbol.for("portcullis.database");
type Holder = { [DB_KEY]?: Promise<DatabaseHandle> };

export function databaseHandle(): Promise<DatabaseHandle> {
  const holder = globalThis as Holder;
  if (!holder[DB_KEY]) {
    const env = config();
    holder[DB_KEY] = openDatabase({
      driver: env.databaseDriver,
      url: env.DATABASE_URL,
      dataDir: env.databaseDriver === "pglite" ? `${env.DATA_DIR}/pglite` : undefined,
      neonWsProxy: env.NEON_WS_PROXY,
    });
  }
  return holder[DB_KEY];
}

export async function getDb(): Promise<Database> {
  return (await databaseHandle()).db;
}

/** Closes the process's database (graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const handle = holder[DB_KEY];
  delete holder[DB_KEY];
  if (handle) await (await handle).close();
}

/** Makes an already-open database the process's one (tests drive route handlers against their own). */
export function installDatabase(handle: DatabaseHandle): void {
  (globalThis as Holder)[DB_KEY] = Promise.resolve(handle);
}
