import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import pg from "pg";
import { openDatabase, type Database, type DatabaseHandle } from "@/db/client";
import type { DatabaseDriver } from "@/lib/config";
import { startNeonBridge, type NeonBridge } from "./neon-bridge";
import { testEnv } from "./env";

/** PGlite always; node-postgres when TEST_DATABASE_URL is set; the Neon driver too when TEST_NEON=1. */
export function enabledDrivers(): DatabaseDriver[] {
  const drivers: DatabaseDriver[] = ["pglite"];
  if (testEnv.TEST_DATABASE_URL) drivers.push("pg");
  if (testEnv.TEST_DATABASE_URL && testEnv.TEST_NEON) drivers.push("neon");
  return drivers;
}

export type TestDatabase = DatabaseHandle & { url?: string };

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a new database on the
 * Postgres server (dropped afterwards), reached through the driver under test.
 */
export async function createTestDatabase(driver: DatabaseDriver): Promise<TestDatabase> {
  if (driver === "pglite") {
    const handle = await openDatabase({ driver });
    await handle.migrate();
    return handle;
  }
  const serverUrl = testEnv.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is required for the pg and neon drivers");
  const name = `portcullis_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  let bridge: NeonBridge | undefined;
  if (driver === "neon") bridge = await startNeonBridge(hostPort(serverUrl));
  const handle = await openDatabase({ driver, url, neonWsProxy: bridge?.proxy, maxConnections: 5 });
  await handle.migrate();
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await bridge?.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Runs the suite once per enabled driver, each against its own fresh database. */
export function describeEachDatabase(name: string, suite: (db: () => Database, driver: DatabaseDriver) => void) {
  for (const driver of enabledDrivers()) {
    describe(`${name} [${driver}]`, () => {
      let handle: TestDatabase | undefined;
      beforeAll(async () => {
        handle = await createTestDatabase(driver);
      }, 120_000);
      afterAll(async () => {
        await handle?.close();
      });
      suite(() => {
        if (!handle) throw new Error("test database not ready");
        return handle.db;
      }, driver);
    });
  }
}

/** One statement on the Postgres server (create or drop a test database). */
export async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function hostPort(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname === "localhost" ? "127.0.0.1" : parsed.hostname;
  return `${host}:${parsed.port || "5432"}`;
}
