import { databaseHandle } from "@/db";
import type { Config } from "@/lib/config";
import { ensureInitialAdmin } from "@/lib/users/initial-admin";

/** Start-up work every portal process does: open the database, migrate, make sure an admin exists. */
export async function bootstrap(env: Config) {
  const handle = await databaseHandle().catch((error: Error) => {
    throw new Error(`cannot open the database (${describe(env)}): ${error.message}`);
  });
  await handle.migrate().catch((error: Error) => {
    throw new Error(`cannot reach or migrate the database (${describe(env)}): ${rootCause(error)}. Check DATABASE_URL.`);
  });
  const admin = await ensureInitialAdmin(handle.db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  if (admin.created) {
    console.log(`Created the first admin: ${admin.email}`);
    if (admin.generatedPassword) {
      console.log(`  password: ${admin.generatedPassword}   (shown once; set ADMIN_PASSWORD to choose your own)`);
    }
  }
  return { handle };
}

function describe(env: Config): string {
  if (env.databaseDriver === "pglite") return `PGlite in ${env.DATA_DIR}/pglite`;
  const url = new URL(env.DATABASE_URL ?? "postgres://unknown");
  return `${env.databaseDriver} at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

function rootCause(error: unknown): string {
  let e = error as { cause?: unknown; message?: string; code?: string };
  while (e?.cause) e = e.cause as typeof e;
  return e?.message || e?.code || String(error);
}
