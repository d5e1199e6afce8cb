import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { users } from "@/db/schema";
import { signUp } from "@/lib/users/sign-up";

const root = path.resolve(__dirname, "../..");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "portcullis-start-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the process entry with an environment and returns how it ended. */
function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [path.join(root, "server/run-entry.mjs"), "start"], {
    cwd: root,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

describe("start-up errors", () => {
  it("names a bad PORT in one line", () => {
    const { status, stderr } = start({ PORT: "http" });
    expect(status).toBe(1);
    expect(stderr).toMatch(/PORT: expected .*\(got "http"\)/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("names a DATABASE_URL that is not a Postgres URL", () => {
    const { status, stderr } = start({ DATABASE_URL: "mysql://root@localhost/db" });
    expect(status).toBe(1);
    expect(stderr).toContain("DATABASE_URL: expected a postgres:// or postgresql:// URL");
  });

  it("says which database it cannot reach, without a stack trace", () => {
    const { status, stderr } = start({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/nothing" });
    expect(status).toBe(1);
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/cannot reach or migrate the database \(pg at 127\.0\.0\.1:1\/nothing\).*Check DATABASE_URL/);
  });
});

describe("the embedded database", () => {
  it("keeps every row across a restart", async () => {
    const dir = path.join(dataDir, "pglite");
    const first = await openDatabase({ driver: "pglite", dataDir: dir });
    await first.migrate();
    const user = await signUp({ ctx: { db: first.db, actor: null }, input: { email: "kept@example.test", name: "Kept", password: "kept-password" } });
    await first.close();

    const second = await openDatabase({ driver: "pglite", dataDir: dir });
    await second.migrate();
    const [row] = await second.db.select().from(users).where(eq(users.id, user.id));
    expect(row.email).toBe("kept@example.test");
    await second.close();
  });
});
