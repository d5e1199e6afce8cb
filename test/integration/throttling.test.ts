import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { installDatabase } from "@/db";
import type { Database } from "@/db/client";
import { config } from "@/lib/config";
import { announce } from "@/lib/events/bus";
import { createGatewayServer } from "@/lib/gateway/node/node-listener";
import { startStandaloneGateway, type StandaloneGateway } from "@/lib/gateway/standalone/standalone-gateway";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { limiterFailures } from "@/lib/throttling/failures";
import type { Limiter } from "@/lib/throttling/limiter";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import { createPolicy, updatePolicy } from "@/lib/throttling/policies";
import { RedisLimiter } from "@/lib/throttling/redis-limiter";
import { UpstashLimiter } from "@/lib/throttling/upstash-limiter";
import * as policiesRoute from "@/app/api/v1/admin/throttling-policies/route";
import { createTestDatabase, enabledDrivers, type TestDatabase } from "@/test/harness/databases";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApi, createApplication, eventually, startBackend, subscribe, type ApiFixture, type TestBackend } from "@/test/harness/gateway-fixtures";
import { deleteKeys, startTcpProxy, testRedisUrl, uniqueRedisPrefix, type TcpProxy } from "@/test/harness/redis";
import { startUpstashBridge, type UpstashBridge } from "@/test/harness/upstash-bridge";

/**
 * Each throttling level answers with its own code through a real gateway runtime, on every limiter
 * backend; policies made by admins (service and REST) are enforced; a lost Redis follows the
 * failure mode and recovers. One database driver: the limits, not the driver, are under test here.
 */
const driver = enabledDrivers().includes("pg") ? "pg" : "pglite";
const prefix = uniqueRedisPrefix("gateway");

type Gateway = { runtime: StandaloneGateway; server: http.Server; url: string };

async function startGateway(db: Database, limiter: Limiter, limiterFailureMode: "open" | "closed" = "open"): Promise<Gateway> {
  const runtime = await startStandaloneGateway({ db, mount: "embedded", issuer: config().publicUrl, trustedOrigins: [], limiter, limiterFailureMode });
  const server = createGatewayServer(runtime.handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { runtime, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stopGateway(gateway: Gateway | undefined) {
  if (!gateway) return;
  gateway.server.closeAllConnections();
  await new Promise((resolve) => gateway.server.close(resolve));
  await gateway.runtime.stop();
}

let database: TestDatabase;
let backend: TestBackend;
let admin: Awaited<ReturnType<typeof createUser>>;
let bridge: UpstashBridge | undefined;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase(driver);
  installDatabase(database);
  backend = await startBackend("throttled");
  admin = await createUser(database.db, { roles: ["admin"] });
  if (testRedisUrl) bridge = await startUpstashBridge(testRedisUrl);
});

afterAll(async () => {
  await bridge?.close();
  await backend?.close();
  await database?.close();
  if (testRedisUrl) await deleteKeys(testRedisUrl, prefix);
});

/** An API with one resource, an application subscribed to it, and a production token, in the tiers given. */
async function scenario(tiers: { api?: string; resource?: string; subscription?: string; application?: string; fixture?: ApiFixture }) {
  const db = database.db;
  const owner = await createUser(db);
  const app = await createApplication(db, owner.id, tiers.application ?? "Unlimited");
  const context = `/t${++seq}-${Date.now().toString(36)}`;
  const api = await createApi(db, {
    context,
    production: backend.url,
    apiThrottlingTier: tiers.api ?? null,
    resources: [{ method: "GET", target: "/*", throttlingTier: tiers.resource ?? "Unlimited" }],
    ...tiers.fixture,
  });
  await subscribe(db, app.id, api.id, tiers.subscription ?? "Unlimited");
  const ctx = ctxFor(db, owner);
  await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
  const token = (await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } })).accessToken;
  await announce({ type: "api.changed", apiId: api.id });
  return { api, app, owner, token, path: `${context}/1.0.0/echo` };
}

/** A policy made by an admin through the service, unique to this run. */
async function policy(level: "SUBSCRIPTION" | "APPLICATION" | "API", requestCount: number) {
  const name = `P${++seq}-${level.slice(0, 3)}`;
  return createPolicy({ ctx: ctxFor(database.db, admin), input: { level, name, requestCount, unitTime: 1, timeUnit: "min" } });
}

const get = (gateway: Gateway, path: string, token: string) => fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

async function expectThrottled(response: Response, code: string) {
  expect(response.status).toBe(429);
  const body = (await response.json()) as { code: string; message: string; nextAccessTime: string };
  expect(body).toMatchObject({ code, message: "Message throttled out" });
  expect(Date.parse(body.nextAccessTime)).toBeGreaterThan(Date.now() - 1000);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
  expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 - 1);
}

const backends: { name: string; create: () => Limiter }[] = [{ name: "memory", create: () => new MemoryLimiter() }];
if (testRedisUrl) {
  // These check each level's answer, not timeouts: a generous one keeps a loaded CI box from failing open.
  backends.push({ name: "redis", create: () => new RedisLimiter({ url: testRedisUrl!, prefix, timeoutMs: 2000 }) });
  backends.push({ name: "upstash", create: () => new UpstashLimiter({ url: bridge!.url, token: bridge!.token, prefix, timeoutMs: 2000 }) });
}

for (const limiterBackend of backends) {
  describe(`throttling levels through the gateway [${limiterBackend.name} limiter, ${driver}]`, () => {
    let gateway: Gateway;
    let limiter: Limiter;
    beforeAll(async () => {
      limiter = limiterBackend.create();
      gateway = await startGateway(database.db, limiter);
    });
    afterAll(async () => {
      await stopGateway(gateway);
      await limiter?.close?.();
    });

    /** Calls until refused; returns the admitted count and the refusal. */
    async function exhaust(path: string, token: string, max = 10) {
      for (let admitted = 0; admitted <= max; admitted++) {
        const response = await get(gateway, path, token);
        if (response.status !== 200) return { admitted, refused: response };
        expect(response.headers.get("x-ratelimit-limit")).not.toBeNull();
        await response.arrayBuffer();
      }
      throw new Error(`${path} was never throttled`);
    }

    const waitUntilServed = (path: string, token: string) =>
      eventually(async () => expect((await get(gateway, path, token)).status).toBe(200), 2000);

    it("API tier: 900800 once the API's own policy runs out, ignoring resource tiers", async () => {
      const apiPolicy = await policy("API", 3);
      const { path, token } = await scenario({ api: apiPolicy.name, resource: "10KPerMin" });
      await waitUntilServed(path, token);
      const { admitted, refused } = await exhaust(path, token);
      expect(admitted).toBe(2);
      await expectThrottled(refused, "900800");
    });

    it("resource tier: 900802, with a policy created over REST", async () => {
      const response = await policiesRoute.POST(
        new Request("http://localhost:3000/api/v1/admin/throttling-policies", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${await adminToken()}` },
          body: JSON.stringify({ level: "API", name: `Rest${++seq}`, requestCount: 2, unitTime: 1, timeUnit: "min" }),
        }),
        { params: Promise.resolve({}) },
      );
      expect(response.status).toBe(201);
      const created = (await response.json()) as { name: string };
      const { path, token } = await scenario({ resource: created.name });
      await waitUntilServed(path, token);
      const { admitted, refused } = await exhaust(path, token);
      expect(admitted).toBe(1);
      await expectThrottled(refused, "900802");
    });

    it("subscription tier: 900804", async () => {
      const subscriptionPolicy = await policy("SUBSCRIPTION", 3);
      const { path, token } = await scenario({ subscription: subscriptionPolicy.name });
      await waitUntilServed(path, token);
      const { admitted, refused } = await exhaust(path, token);
      expect(admitted).toBe(2);
      await expectThrottled(refused, "900804");
    });

    it("application tier: 900803, after the subscription tier, and the headers name the tightest level", async () => {
      const appPolicy = await policy("APPLICATION", 4);
      const { path, token } = await scenario({ application: appPolicy.name, subscription: "Gold" });
      let first!: Response;
      await eventually(async () => expect((first = await get(gateway, path, token)).status).toBe(200), 2000);
      // Gold allows 5000/min, the application 4/min: the headers describe the application's window.
      expect(first.headers.get("x-ratelimit-limit")).toBe("4");
      expect(first.headers.get("x-ratelimit-remaining")).toBe("3");
      expect(Number(first.headers.get("x-ratelimit-reset")) * 1000).toBeGreaterThan(Date.now());
      const { admitted, refused } = await exhaust(path, token);
      expect(admitted).toBe(3);
      await expectThrottled(refused, "900803");
    });

    it("enforces an edited policy's new limit within a second", async () => {
      const subscriptionPolicy = await policy("SUBSCRIPTION", 2);
      const { path, token } = await scenario({ subscription: subscriptionPolicy.name });
      await waitUntilServed(path, token);
      expect((await get(gateway, path, token)).status).toBe(200);
      expect((await get(gateway, path, token)).status).toBe(429);
      await updatePolicy({
        ctx: ctxFor(database.db, admin),
        policyId: subscriptionPolicy.id!,
        input: { requestCount: 5, unitTime: 1, timeUnit: "min" },
      });
      await eventually(async () => expect((await get(gateway, path, token)).status).toBe(200));
      expect((await exhaust(path, token)).admitted).toBe(2);
    });
  });
}

let cachedAdminToken: string | undefined;
/** A management token with apim:admin, as a script would hold it. */
async function adminToken(): Promise<string> {
  if (cachedAdminToken) return cachedAdminToken;
  const db = database.db;
  const app = await createApplication(db, admin.id);
  const ctx = ctxFor(db, admin);
  await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
  cachedAdminToken = (await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", scopes: ["apim:admin"] } })).accessToken;
  return cachedAdminToken;
}

describe.runIf(testRedisUrl)(`a lost Redis follows RATE_LIMIT_FAILURE_MODE and recovers [${driver}]`, () => {
  let proxy: TcpProxy;
  const gateways: Record<"open" | "closed", Gateway | undefined> = { open: undefined, closed: undefined };
  const limiters: Limiter[] = [];
  beforeAll(async () => {
    proxy = await startTcpProxy(testRedisUrl!);
    for (const mode of ["open", "closed"] as const) {
      const limiter = new RedisLimiter({ url: proxy.url, prefix });
      limiters.push(limiter);
      gateways[mode] = await startGateway(database.db, limiter, mode);
    }
  });
  afterAll(async () => {
    await Promise.all([stopGateway(gateways.open), stopGateway(gateways.closed)]);
    await Promise.all(limiters.map((limiter) => limiter.close?.()));
    await proxy?.stop();
  });

  it("open counts per gateway and closed refuses (429) while Redis is gone; both count in Redis again once it is back", async () => {
    const subscriptionPolicy = await policy("SUBSCRIPTION", 5);
    const { path, token } = await scenario({ subscription: subscriptionPolicy.name });
    const open = gateways.open!;
    const closed = gateways.closed!;
    // One call counted in Redis by each.
    for (const gateway of [open, closed]) {
      await eventually(async () => expect((await get(gateway, path, token)).headers.get("x-ratelimit-limit")).toBe("5"), 2000);
    }

    await proxy.stop();
    const failuresBefore = limiterFailures();
    const started = Date.now();
    for (let i = 0; i < 5; i++) {
      // This gateway's own count starts from nothing: the five calls of the policy, then 429.
      const admitted = await get(open, path, token);
      expect(admitted.status).toBe(200);
      expect(admitted.headers.get("x-ratelimit-limit")).toBe("5");
      expect(admitted.headers.get("x-ratelimit-remaining")).toBe(String(4 - i));
      await expectThrottled(await get(closed, path, token), "900804");
    }
    await expectThrottled(await get(open, path, token), "900804");
    // Never a hang: eleven calls well within the time one stuck call would take.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(limiterFailures() - failuresBefore).toBeGreaterThanOrEqual(11);

    await proxy.start();
    // Redis holds the two calls counted before the outage; the outage's own counts are gone with it.
    await eventually(async () => {
      const response = await get(closed, path, token);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-ratelimit-remaining")).toBe("2");
    }, 5000);
    await eventually(async () => {
      const response = await get(open, path, token);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-ratelimit-remaining")).toBe("1");
    }, 5000);
  });
});

describe(`RATE_LIMIT_FAILURE_MODE=open with Redis down from the start: each gateway still limits on its own [${driver}]`, () => {
  const gateways: Gateway[] = [];
  const limiters: Limiter[] = [];
  beforeAll(async () => {
    // Nothing listens on port 1: every call fails (at once, after the first few, as the limiter stops waiting).
    for (let i = 0; i < 2; i++) {
      const limiter = new RedisLimiter({ url: "redis://127.0.0.1:1", prefix, timeoutMs: 200 });
      limiters.push(limiter);
      gateways.push(await startGateway(database.db, limiter, "open"));
    }
  });
  afterAll(async () => {
    await Promise.all(gateways.map(stopGateway));
    await Promise.all(limiters.map((limiter) => limiter.close?.()));
  });

  it("admits the tier's limit per gateway process and then answers 429, at every level", async () => {
    const subscriptionPolicy = await policy("SUBSCRIPTION", 4);
    const appPolicy = await policy("APPLICATION", 6);
    const { path, token } = await scenario({ subscription: subscriptionPolicy.name, application: appPolicy.name });
    const failuresBefore = limiterFailures();
    const [one, two] = gateways;
    let first!: Response;
    await eventually(async () => expect((first = await get(one, path, token)).status).toBe(200), 2000);
    expect(first.headers.get("x-ratelimit-limit")).toBe("4");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("3");
    for (let i = 0; i < 3; i++) expect((await get(one, path, token)).status).toBe(200);
    await expectThrottled(await get(one, path, token), "900804");
    await expectThrottled(await get(one, path, token), "900804");
    // The other gateway counts on its own: N per process while the store is down.
    await eventually(async () => expect((await get(two, path, token)).status).toBe(200), 2000);
    for (let i = 0; i < 3; i++) expect((await get(two, path, token)).status).toBe(200);
    await expectThrottled(await get(two, path, token), "900804");
    expect(limiterFailures() - failuresBefore).toBeGreaterThanOrEqual(10);

    // The application tier (6 a minute per user) runs out on its own key, after the subscription tier.
    const appLevel = await scenario({ subscription: "Gold", application: appPolicy.name });
    await eventually(async () => expect((await get(one, appLevel.path, appLevel.token)).status).toBe(200), 2000);
    for (let i = 0; i < 5; i++) expect((await get(one, appLevel.path, appLevel.token)).status).toBe(200);
    await expectThrottled(await get(one, appLevel.path, appLevel.token), "900803");
  });
});
