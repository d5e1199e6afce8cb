import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { DEFAULT_PREFIX } from "@/lib/throttling/ratelimit-limiter";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { testEnv } from "@/test/harness/env";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApi, createApplication, startBackend, subscribe, type TestBackend } from "@/test/harness/gateway-fixtures";
import { deleteKeys, testRedisUrl } from "@/test/harness/redis";

/**
 * SPEC: "Limits hold across every gateway process that shares a Redis." Two standalone gateways
 * (`npm run gateway`, real child processes) on one Postgres and one Redis; many concurrent clients
 * spread over both against a Bronze subscription (1000/min) admit 1000 ± 0.5% in the window.
 */
const LIMIT = 1000;
const TOTAL = 1100;
const CLIENTS = 24;

type Gateway = { process: ChildProcess; url: string; output: string[] };
/** Every child started, ready or not, so that none outlives the run. */
const spawned: Gateway[] = [];

describe.runIf(testEnv.TEST_DATABASE_URL && testRedisUrl)("rate limits across two gateway processes sharing Redis", () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let gateways: Gateway[] = [];
  let token = "";
  let path_ = "";
  let applicationId = "";

  beforeAll(async () => {
    database = await createTestDatabase("pg");
    const db = database.db;
    backend = await startBackend("exact");
    const owner = await createUser(db);
    const app = await createApplication(db, owner.id);
    applicationId = app.id;
    const api = await createApi(db, { production: backend.url });
    await subscribe(db, app.id, api.id, "Bronze");
    const ctx = ctxFor(db, owner);
    await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
    token = (await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } })).accessToken;
    path_ = `${api.context}/1.0.0/echo`;
    gateways = await Promise.all([startGatewayProcess(database.url!), startGatewayProcess(database.url!)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(spawned.map(stopGatewayProcess));
    await backend?.close();
    await database?.close();
    // Only this run's counters: the subscription key names this run's application.
    if (applicationId) await deleteKeys(testRedisUrl!, `${DEFAULT_PREFIX}:60000:subscription:${applicationId}:`);
  });

  it(`admits ${LIMIT} ± 0.5% of ${TOTAL} concurrent calls in the window`, async () => {
    // The whole burst must fall in one fixed minute: a sliding window weighs the previous minute
    // as if its calls were spread evenly, which a burst just before the boundary is not.
    const msLeft = 60_000 - (Date.now() % 60_000);
    if (msLeft < 10_000) await new Promise((resolve) => setTimeout(resolve, msLeft + 50));

    let sent = 0;
    const admitted = [0, 0];
    const refused: Record<string, number> = {};
    const client = async (index: number) => {
      const gateway = index % 2;
      while (sent < TOTAL) {
        sent++;
        const response = await fetch(`${gateways[gateway].url}${path_}`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status === 200) {
          admitted[gateway]++;
          await response.arrayBuffer();
        } else {
          const { code } = (await response.json()) as { code: string };
          const key = `${response.status} ${code}`;
          refused[key] = (refused[key] ?? 0) + 1;
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    const total = admitted[0] + admitted[1];
    console.info(`[exactness] ${total} admitted (${admitted.join(" + ")}) of ${TOTAL} in ${Date.now() - started} ms; refused: ${JSON.stringify(refused)}`);

    expect(Math.abs(total - LIMIT)).toBeLessThanOrEqual(LIMIT * 0.005);
    expect(Object.keys(refused)).toEqual(["429 900804"]);
    expect(admitted[0]).toBeGreaterThan(0);
    expect(admitted[1]).toBeGreaterThan(0);
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `npm run gateway` as a child process of its own (its own process group, so it is stopped whole). */
async function startGatewayProcess(databaseUrl: string): Promise<Gateway> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(process.cwd(), "node_modules/tsx/dist/cli.mjs"), "server/gateway.ts"], {
    cwd: process.cwd(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      GATEWAY_PORT: String(port),
      // Off: GATEWAY_PORT + 1 may be another gateway's free port.
      GATEWAY_STATUS_PORT: "0",
      DATABASE_URL: databaseUrl,
      REDIS_URL: testRedisUrl,
      SECRET_KEY: process.env.SECRET_KEY,
      // Tokens issued here carry this process's issuer; the gateways must expect the same.
      PUBLIC_URL: config().publicUrl,
    },
  });
  const output: string[] = [];
  const gateway: Gateway = { process: child, url: `http://127.0.0.1:${port}`, output };
  spawned.push(gateway);
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway on ${port} did not start:\n${output.join("")}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (/listening on/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway on ${port} exited with ${code}:\n${output.join("")}`));
    });
  });
  await ready;
  return gateway;
}

async function stopGatewayProcess(gateway: Gateway): Promise<void> {
  const child = gateway.process;
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  const timer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
