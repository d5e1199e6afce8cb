import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayWorker } from "@/lib/gateway/embedded/worker-host";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { eventually } from "@/test/harness/gateway-fixtures";
import { freePort, startGatewayThread } from "@/test/harness/gateway-process";
import { captureLogs } from "@/test/harness/logs";

/** The embedded gateway's thread (the shared gateway suite covers what it serves; this, its life). */
describe("the embedded gateway's thread", () => {
  let database: TestDatabase;
  let gateway: GatewayWorker;
  let url = "";
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    process.env.PORTCULLIS_TEST_DIE_ONCE = path.join(mkdtempSync(path.join(os.tmpdir(), "portcullis-worker-")), "died");
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    logs = captureLogs();
    gateway = await startGatewayThread(database.db, { port, entry: path.resolve(__dirname, "../harness/gateway-worker-that-dies.ts") });
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await database?.close();
    logs?.restore();
  });

  const status = () => fetch(`${url}/nowhere/1.0.0/x`).then((r) => r.status, () => "refused" as const);

  it("is started again when it dies, and serves again", async () => {
    // It dies 200 ms after it first listens: first the port goes away, then a new thread serves it.
    await eventually(async () => expect(await status()).toBe("refused"), 5000);
    await eventually(async () => expect(await status()).toBe(404), 10_000);
    expect(logs.at("error").map((line) => line.msg)).toContainEqual(expect.stringContaining("starting it again"));
  }, 30_000);
});
