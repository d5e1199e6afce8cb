import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "@/lib/config";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { createPolicy } from "@/lib/throttling/policies";
import { DEFAULT_PREFIX } from "@/lib/throttling/shared-limiter";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { testEnv } from "@/test/harness/env";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApi, createApplication, startBackend, subscribe, type TestBackend } from "@/test/harness/gateway-fixtures";
import { deleteKeys, testRedisUrl } from "@/test/harness/redis";
import { mostSurelyInAnyWindow } from "@/test/harness/windows";

/**
 * SPEC: "Limits hold across every gateway process that shares a Redis." Two standalone gateways
 * (`npm run gateway`, real child processes) on one Postgres and one Redis; many concurrent clients
 * spread over both. Against a Bronze subscription (1000/min) they get 1000 through, never more, at
 * any moment of the minute; against 100 per 2 s, hammered across window edges, never more than 100
 * in any 2 s.
 */
const LIMIT = 1000;
const TOTAL = 1100;
const CLIENTS = 24;
/** The short policy: 100 calls per 2 s. */
const SHORT = { limit: 100, windowMs: 2000 };

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
  let shortToken = "";
  let shortApplicationId = "";

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
    const admin = await createUser(db, { roles: ["admin"] });
    const short = await createPolicy({
      ctx: ctxFor(db, admin),
      input: { level: "SUBSCRIPTION", name: `TwoSeconds${Date.now()}`, requestCount: SHORT.limit, unitTime: SHORT.windowMs / 1000, timeUnit: "sec" },
    });
    const shortApp = await createApplication(db, owner.id);
    shortApplicationId = shortApp.id;
    await subscribe(db, shortApp.id, api.id, short.name);
    await generateConsumerKeys({ ctx, input: { applicationId: shortApp.id, keyType: "PRODUCTION" } });
    shortToken = (await issueApplicationToken({ ctx, input: { applicationId: shortApp.id, keyType: "PRODUCTION" } })).accessToken;
    gateways = await Promise.all([startGatewayProcess(database.url!), startGatewayProcess(database.url!)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(spawned.map(stopGatewayProcess));
    await backend?.close();
    await database?.close();
    // Only this run's counters: the subscription key names this run's application.
    for (const id of [applicationId, shortApplicationId]) if (id) await deleteKeys(testRedisUrl!, `${DEFAULT_PREFIX}:*:subscription:${id}:`);
  });

  it(`admits ${LIMIT} (never more, at most 0.5% fewer) of ${TOTAL} concurrent calls, whenever in the minute they come`, async () => {
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

    expect(total).toBeLessThanOrEqual(LIMIT);
    expect(total).toBeGreaterThanOrEqual(LIMIT * 0.995);
    expect(Object.keys(refused)).toEqual(["429 900804"]);
    expect(admitted[0]).toBeGreaterThan(0);
    expect(admitted[1]).toBeGreaterThan(0);
  });

  it(`never admits more than ${SHORT.limit} in any ${SHORT.windowMs / 1000} s across both processes, hammered across window edges`, async () => {
    // From 300 ms before an edge of the fixed windows an approximation would weigh, for three windows.
    await new Promise((resolve) => setTimeout(resolve, (2 * SHORT.windowMs - 300 - (Date.now() % SHORT.windowMs)) % SHORT.windowMs));
    const stopAt = Date.now() + 3 * SHORT.windowMs;
    const admitted: { sentAt: number; answeredAt: number }[] = [];
    const refused: Record<string, number> = {};
    const client = async (index: number) => {
      const gateway = gateways[index % 2];
      while (Date.now() < stopAt) {
        const sentAt = Date.now();
        const response = await fetch(`${gateway.url}${path_}`, { headers: { authorization: `Bearer ${shortToken}` } });
        const answeredAt = Date.now();
        if (response.status === 200) {
          admitted.push({ sentAt, answeredAt });
          await response.arrayBuffer();
        } else {
          const { code } = (await response.json()) as { code: string };
          refused[`${response.status} ${code}`] = (refused[`${response.status} ${code}`] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    // Redis is on this machine: its clock (which the limiter counts by) is this one, and each call was
    // counted between the moment it left and the moment its answer came.
    const most = mostSurelyInAnyWindow(admitted, SHORT.windowMs);
    console.info(`[exactness] ${admitted.length} admitted in ${3 * SHORT.windowMs} ms, at most ${most} in any ${SHORT.windowMs} ms; refused: ${JSON.stringify(refused)}`);
    expect(most).toBeLessThanOrEqual(SHORT.limit);
    expect(Object.keys(refused)).toEqual(["429 900804"]);
    // Three windows' worth, less what a sub-window's early refusal may hold back.
    expect(admitted.length).toBeGreaterThanOrEqual(2 * SHORT.limit);
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
  // As `npm run dev` runs server code under tsx: with the preload that makes `server-only` its empty module.
  const child = spawn(process.execPath, ["--import", "./server/server-only-node.mjs", "--import", "tsx", "server/gateway.ts"], {
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
      // The backend is on loopback.
      ALLOW_PRIVATE_ENDPOINTS: "true",
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
