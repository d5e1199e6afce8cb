import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MIGRATIONS_FOLDER, openDatabase, type DatabaseHandle } from "@/db/client";
import { adminQuery, withDatabase } from "./databases";
import { testEnv } from "./env";

/**
 * The last released version, whose data an upgrade must carry forward: its commit, the last migration
 * it shipped, and the sha256 of each migration file it shipped (what drizzle records per applied
 * migration), so a released migration edited since is caught: deployments already ran the old text.
 * Move all three on at each release.
 */
export const PREVIOUS_RELEASE = {
  commit: "51f0f95",
  lastMigration: "0010_usage-events-calls",
  migrationHashes: [
    "be1fdb63f0684e7685f0b24f21ac772eba0ea38a73afef32a452b99d68d5d364",
    "8a7be330a99ae0c62739bc8d834e3571aa2888acd986b709b321b7157fca7dde",
    "50133d876a02a09a506bb7a6c60734e675323a7818513d81f655eb04643e5693",
    "aeae0c803a8247ed4fe6cc20b93106f15aa08e8ce9b21b068f4738bb7e6e2eaa",
    "a244b96216ea6a93b172ff0db0264360e8fa2377737525b106855ae961d90218",
    "04ae08d2b93f66e052f3e1e5d3927fe5c1b0ccdc3c22f89c0b1e5ee01e4f022d",
    "4c271bd832ba18e4e231b67892efa72724dde2e4e55ac062f49cac1b55591de2",
    "a36d0a9f0ae1f755322ea19812fb99b3f7029e2fd275ad9c043161298154e187",
    "a653cddc5301ff04b841cc763f80d983b7b2d947d4d7ec12d186cc9c9488d1b3",
    "cce7cb88978f34db6ab07a48992d4ec25c4533fb1a279838247feb20cb338de5",
    "6ba040485517f905d262caad64ed50fbf9810b76879156d7c4da8e3ec429e5cd",
  ],
} as const;

/** The drivers an upgrade is tested on: PGlite (a data dir) always, Postgres when the suite has one. */
export function upgradeDrivers(): ("pglite" | "pg")[] {
  return testEnv.TEST_DATABASE_URL ? ["pglite", "pg"] : ["pglite"];
}

/**
 * Storage that outlives the handles opened on it, as a deployment's does across an upgrade: a PGlite
 * data dir on disk, or a database of its own on the Postgres server. Each `open` is a new process's
 * view of it; nothing is migrated by opening.
 */
export type PersistentDatabase = {
  open: () => Promise<DatabaseHandle>;
  dispose: () => Promise<void>;
};

export async function createPersistentDatabase(driver: "pglite" | "pg"): Promise<PersistentDatabase> {
  if (driver === "pglite") {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "portcullis-upgrade-"));
    return {
      open: () => openDatabase({ driver, dataDir }),
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const serverUrl = testEnv.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is required for the pg driver");
  const name = `portcullis_upgrade_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = withDatabase(serverUrl, name);
  return {
    open: () => openDatabase({ driver, url, maxConnections: 5 }),
    dispose: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * Applies the committed migrations up to and including `lastTag` and no further, with the same
 * migrator `handle.migrate()` runs: the schema a release that shipped up to `lastTag` left behind.
 * The migrations folder is copied with its journal cut after that entry.
 */
export async function migrateUpTo(handle: DatabaseHandle, lastTag: string): Promise<void> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  if (last < 0) throw new Error(`no migration ${lastTag} in ${MIGRATIONS_FOLDER}`);
  const folder = await mkdtemp(path.join(os.tmpdir(), "portcullis-migrations-"));
  try {
    await mkdir(path.join(folder, "meta"));
    const entries = journal.entries.slice(0, last + 1);
    for (const { tag } of entries) await copyFile(path.join(MIGRATIONS_FOLDER, `${tag}.sql`), path.join(folder, `${tag}.sql`));
    await writeFile(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
    if (handle.driver === "pglite") {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(handle.db as never, { migrationsFolder: folder });
    } else if (handle.driver === "pg") {
      const { migrate } = await import("drizzle-orm/node-postgres/migrator");
      await migrate(handle.db as never, { migrationsFolder: folder });
    } else {
      throw new Error(`migrateUpTo does not support the ${handle.driver} driver`);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
