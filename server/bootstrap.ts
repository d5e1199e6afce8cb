import { databaseHandle } from "@/db";
import { startAnalyticsJobs } from "@/lib/analytics/jobs";
import type { Config } from "@/lib/config";
import { setEventTransport } from "@/lib/events/bus";
import { postgresTransport } from "@/lib/events/postgres-transport";
import { purgeExpiredTokens } from "@/lib/keys/purge";
import { logger, printForHumans } from "@/lib/log";
import { ensureInitialAdmin } from "@/lib/users/initial-admin";

const log = logger("portcullis");

/** What every process does first: open the database, migrate, and join the other processes' change events. */
export async function bootstrapGateway(env: Config) {
  const handle = await databaseHandle().catch((error: Error) => {
    throw new Error(`cannot open the database (${describe(env)}): ${error.message}`);
  });
  await handle.migrate().catch((error: Error) => {
    throw new Error(`cannot reach or migrate the database (${describe(env)}): ${rootCause(error)}. Check DATABASE_URL.`);
  });
  // A PGlite data dir belongs to one process, so only a shared Postgres has other processes to tell.
  if (handle.driver !== "pglite") setEventTransport(postgresTransport(handle));
  return { handle };
}

/** A portal process: the above, plus the first admin, the periodic clean-up of expired tokens and the analytics jobs. */
export async function bootstrap(env: Config) {
  const { handle } = await bootstrapGateway(env);
  const purge = setInterval(() => {
    purgeExpiredTokens(handle.db).catch((error: unknown) => log.error({ err: error }, "purging expired tokens failed"));
  }, 10 * 60_000);
  purge.unref();
  const stopAnalytics = startAnalyticsJobs(handle.db);
  const admin = await ensureInitialAdmin(handle.db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  if (admin.created) {
    log.info({ email: admin.email }, `Created the first admin: ${admin.email}`);
    if (admin.generatedPassword) {
      printForHumans("stdout", `  password: ${admin.generatedPassword}   (shown once; set ADMIN_PASSWORD to choose your own)`);
    }
  }
  return { handle, stopAnalytics };
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
