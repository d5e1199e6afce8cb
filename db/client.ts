import "server-only";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { DatabaseDriver } from "@/lib/config";
import * as schema from "./schema";
import { logger } from "@/lib/observability/log-core";

const log = logger("db");

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; every service write runs inside one. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** What a read accepts: the database itself or an open transaction. */
export type Queryable = Database | Tx;

export type DatabaseOptions = {
  driver: DatabaseDriver;
  /** Postgres URL for `pg` and `neon`. */
  url?: string;
  /** PGlite data directory; omit for an in-memory database (tests). */
  dataDir?: string;
  /** Neon only: `host:port` of a WebSocket-to-TCP bridge, for running the Neon driver against local Postgres. */
  neonWsProxy?: string;
  /** Pool size for `pg` and `neon`. */
  maxConnections?: number;
};

export type DatabaseHandle = {
  db: Database;
  driver: DatabaseDriver;
  /** Applies committed migrations; safe when several processes start at once. */
  migrate: () => Promise<void>;
  /**
   * LISTEN on a channel over a connection of its own (re-established if it drops); resolves to the
   * function that stops listening. Every process sharing the database hears every NOTIFY.
   */
  listen: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
  notify: (channel: string, payload: string) => Promise<void>;
  close: () => Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
/** Any constant will do; every Portcullis process takes the same lock while migrating. */
const MIGRATION_LOCK_ID = 0x706f7274;

/** On `globalThis`'s symbol registry, so both copies of this module (DESIGN "Facts checked") find it. */
const PGLITE_CLIENT = Symbol.for("portcullis.db.pglite-client");

/**
 * The PGlite instance under a database opened on the embedded driver, for what drizzle does not
 * expose (COPY from a blob); undefined on the other drivers.
 */
export function pgliteClient(db: Database): PGlite | undefined {
  return (db as unknown as Record<symbol, PGlite | undefined>)[PGLITE_CLIENT];
}

/** Opens a database with the driver named in the options. The same schema and queries run on all three. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  switch (options.driver) {
    case "pglite":
      return openPglite(options);
    case "pg":
      return openNodePostgres(options);
    case "neon":
      return openNeon(options);
  }
}

async function openPglite(options: DatabaseOptions): Promise<DatabaseHandle> {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  if (options.dataDir) {
    const { mkdir } = await import("node:fs/promises");
    await mkdir(options.dataDir, { recursive: true });
  }
  const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle({ client, schema }) as unknown as Database;
  Object.defineProperty(db, PGLITE_CLIENT, { value: client });
  // One process owns a PGlite data dir, so no cross-process lock is needed; calls in this process queue up.
  let queue: Promise<void> = Promise.resolve();
  return {
    db,
    driver: "pglite",
    migrate: () =>
      (queue = queue.then(() => migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS_FOLDER }))),
    listen: (channel, onPayload) => client.listen(channel, onPayload).then((stop) => () => stop()),
    notify: async (channel, payload) => {
      await client.query("select pg_notify($1, $2)", [channel, payload]);
    },
    close: () => client.close(),
  };
}

async function openNodePostgres(options: DatabaseOptions): Promise<DatabaseHandle> {
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
    import("pg"),
    import("drizzle-orm/node-postgres"),
    import("drizzle-orm/node-postgres/migrator"),
  ]);
  const pool = new pg.Pool({ connectionString: requireUrl(options), max: options.maxConnections ?? 10 });
  return poolHandle("pg", pool, (client) => drizzle({ client: client as InstanceType<typeof pg.Pool>, schema }) as unknown as Database, migrate);
}

async function openNeon(options: DatabaseOptions): Promise<DatabaseHandle> {
  const [{ Pool, neonConfig }, { default: WebSocket }, { drizzle }, { migrate }] = await Promise.all([
    import("@neondatabase/serverless"),
    import("ws"),
    import("drizzle-orm/neon-serverless"),
    import("drizzle-orm/neon-serverless/migrator"),
  ]);
  neonConfig.webSocketConstructor = WebSocket;
  if (options.neonWsProxy) {
    // A local bridge speaks plain ws:// and cannot take pipelined startup messages.
    const proxy = options.neonWsProxy;
    neonConfig.wsProxy = (host, port) => `${proxy}/v2?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineConnect = false;
    neonConfig.pipelineTLS = false;
  }
  const pool = new Pool({ connectionString: requireUrl(options), max: options.maxConnections ?? 10 });
  return poolHandle("neon", pool, (client) => drizzle({ client: client as InstanceType<typeof Pool>, schema }) as unknown as Database, migrate);
}

/** The pool-shaped surface node-postgres and Neon's driver share. */
type SharedPool<C> = {
  connect: () => Promise<C>;
  query: (sql: string, values: unknown[]) => Promise<unknown>;
  on: (event: "error", listener: (error: Error) => void) => unknown;
  end: () => Promise<void>;
};

/** A handle over a connection pool: the same for node-postgres and Neon, which differ only in how they connect. */
function poolHandle<C extends ListeningClient & LockableClient>(
  driver: "pg" | "neon",
  pool: SharedPool<C>,
  // Each driver's drizzle() over the pool or over one client (the migration's locked connection).
  wrap: (client: SharedPool<C> | C) => Database,
  migrate: (db: never, config: { migrationsFolder: string }) => Promise<void>,
): DatabaseHandle {
  pool.on("error", (error) => log.error({ err: error }, "idle client error"));
  return {
    db: wrap(pool),
    driver,
    migrate: () =>
      withMigrationLock(
        () => pool.connect(),
        (client) => migrate(wrap(client) as never, { migrationsFolder: MIGRATIONS_FOLDER }),
      ),
    listen: (channel, onPayload) => listenOn(() => pool.connect(), channel, onPayload),
    notify: async (channel, payload) => {
      await pool.query("select pg_notify($1, $2)", [channel, payload]);
    },
    close: () => pool.end(),
  };
}

type ListeningClient = {
  query: (sql: string) => Promise<unknown>;
  on(event: "notification", listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  release: (destroy?: boolean) => void;
};

/** LISTEN on a pooled connection kept for the purpose; reconnects with back-off when it is lost. */
async function listenOn(
  connect: () => Promise<ListeningClient>,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name: ${channel}`);
  let client: ListeningClient | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const open = async (delayMs: number): Promise<void> => {
    try {
      const next = await connect();
      next.on("notification", (message) => {
        if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
      });
      next.on("error", (error) => {
        log.error({ err: error, channel }, "LISTEN connection lost; reconnecting");
        next.release(true);
        if (client === next) client = null;
        if (!stopped) retry = setTimeout(() => void open(1000), 1000);
      });
      await next.query(`LISTEN ${channel}`);
      client = next;
    } catch (error) {
      if (stopped) return;
      log.error({ err: error, channel }, "cannot LISTEN; retrying");
      const nextDelay = Math.min(delayMs * 2, 30_000);
      retry = setTimeout(() => void open(nextDelay), delayMs);
    }
  };
  await open(1000);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    if (client) {
      await client.query(`UNLISTEN ${channel}`).catch(() => undefined);
      client.release();
      client = null;
    }
  };
}

type LockableClient = { query: (sql: string) => Promise<unknown>; release: () => void };

/** Runs the migration on one connection holding a session-level advisory lock. */
async function withMigrationLock<C extends LockableClient>(connect: () => Promise<C>, run: (client: C) => Promise<void>) {
  const client = await connect();
  try {
    await client.query(`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    try {
      await run(client);
    } finally {
      await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
    }
  } finally {
    client.release();
  }
}

function requireUrl(options: DatabaseOptions): string {
  if (!options.url) throw new Error(`DATABASE_URL is required for the ${options.driver} driver`);
  return options.url;
}
