import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/db";
import { config } from "@/lib/config";
import { changeLifecycle } from "@/lib/apis/change-lifecycle";
import { createApi as createApiService } from "@/lib/apis/create-api";
import { createApplication } from "@/lib/devportal/application-writes";
import { subscribe } from "@/lib/devportal/subscriptions";
import { handleEdgeGateway } from "@/lib/gateway/edge";
import type { StandaloneGateway } from "@/lib/gateway/standalone/standalone-gateway";
import { sharedKeys } from "@/lib/gateway/snapshot/shared-snapshot";
import { createApiKey } from "@/lib/keys/api-keys";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";
import { createApi, createApiKeyThroughPortal, startBackend, subscribe as insertSubscription, type TestBackend } from "@/test/harness/gateway-fixtures";
import { startTestRuntime } from "@/test/harness/gateway-process";
import { deleteKeys, testRedisUrl, uniqueRedisPrefix } from "@/test/harness/redis";
import { startUpstashBridge, type UpstashBridge } from "@/test/harness/upstash-bridge";

/**
 * SPEC "Consistency: read your own writes at the gateway" on the Edge mount: the module
 * middleware.ts runs, here in Node against the Upstash REST bridge, beside the Node runtime that
 * publishes its snapshots there (as `npm start` does with Upstash). The isolate has read the
 * snapshot just before each write, so it would not look again for a second by itself.
 */
const TRIALS = 5;

describe.skipIf(!testRedisUrl)("read your own writes on the Edge mount", () => {
  let database: TestDatabase;
  let bridge: UpstashBridge;
  let backend: TestBackend;
  let runtime: StandaloneGateway;
  let api: { id: string; context: string };
  let subscriber: Awaited<ReturnType<typeof createUser>>;
  let publisher: Awaited<ReturnType<typeof createUser>>;
  const prefix = uniqueRedisPrefix("edge-ryw");
  const saved = { ...process.env };
  const isolateKeys = ["portcullis.gateway.edge", "portcullis.edge-config"];
  const resetIsolate = () => {
    for (const key of isolateKeys) delete (globalThis as Record<symbol, unknown>)[Symbol.for(key)];
  };

  const ctx = () => ctxFor(database.db, subscriber);
  const call = async (path: string, headers: Record<string, string>) => {
    const response = await handleEdgeGateway(new Request(`http://portal.example/gw${path}`, { headers }), () => {});
    await response.arrayBuffer();
    return response.status;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    installDatabase(database);
    bridge = await startUpstashBridge(testRedisUrl!);
    // The backend is on loopback, which the Edge mount refuses unless private endpoints are allowed.
    backend = await startBackend("production");
    Object.assign(process.env, { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token, REDIS_KEY_PREFIX: prefix, PUBLIC_URL: config().publicUrl, ALLOW_PRIVATE_ENDPOINTS: "true" });
    resetIsolate();
    const redis = new Redis({ url: bridge.url, token: bridge.token, automaticDeserialization: false, enableTelemetry: false });
    subscriber = await createUser(database.db, { roles: ["subscriber"] });
    publisher = await createUser(database.db, { roles: ["publisher"] });
    api = await createApi(database.db, { context: `/edge-ryw-${uniqueSuffix()}`, production: backend.url });
    // The deployment's first signing key, created on first use, is in the first snapshot published.
    const first = await createApplication({ ctx: ctx(), input: { name: `App ${uniqueSuffix()}` } });
    await createApiKey({ ctx: ctx(), input: { applicationId: first.id, keyType: "PRODUCTION" } });
    runtime = await startTestRuntime(database.db, {
      sharedSnapshot: {
        get: (key) => redis.get<string>(key),
        set: (key, value) => redis.set(key, value),
        lpop: (key, count) => redis.lpop<string[]>(key, count),
      },
      sharedKeys: sharedKeys(prefix),
    });
  }, 120_000);

  afterAll(async () => {
    resetIsolate();
    for (const key of ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "REDIS_KEY_PREFIX", "PUBLIC_URL", "ALLOW_PRIVATE_ENDPOINTS"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await runtime?.stop();
    await backend?.close();
    await bridge?.close();
    await database?.close();
    await deleteKeys(testRedisUrl!, prefix);
  });

  it("admits a token at once after its keys were generated, and an API key at once after it was issued", async () => {
    for (let i = 0; i < TRIALS; i++) {
      const app = await createApplication({ ctx: ctx(), input: { name: `App ${uniqueSuffix()}` } });
      await subscribe({ ctx: ctx(), input: { applicationId: app.id, apiId: api.id, throttlingTier: "Unlimited" } });
      // The isolate reads the snapshot now, before the keys exist.
      expect(await call(`${api.context}/1.0.0/x`, {})).toBe(401);
      await generateConsumerKeys({ ctx: ctx(), input: { applicationId: app.id, keyType: "PRODUCTION" } });
      const { accessToken } = await issueApplicationToken({ ctx: ctx(), input: { applicationId: app.id, keyType: "PRODUCTION" } });
      expect(await call(`${api.context}/1.0.0/x`, bearer(accessToken))).toBe(200);
      const apiKey = await createApiKeyThroughPortal(ctx(), api.id);
      expect(await call(`${api.context}/1.0.0/x`, { apikey: apiKey })).toBe(200);
    }
  }, 60_000);

  it("admits at once a token minted before its application subscribed", async () => {
    for (let i = 0; i < TRIALS; i++) {
      const app = await createApplication({ ctx: ctx(), input: { name: `App ${uniqueSuffix()}` } });
      await generateConsumerKeys({ ctx: ctx(), input: { applicationId: app.id, keyType: "PRODUCTION" } });
      const { accessToken } = await issueApplicationToken({ ctx: ctx(), input: { applicationId: app.id, keyType: "PRODUCTION" } });
      expect(await call(`${api.context}/1.0.0/x`, bearer(accessToken))).toBe(403);
      await subscribe({ ctx: ctx(), input: { applicationId: app.id, apiId: api.id, throttlingTier: "Unlimited" } });
      expect(await call(`${api.context}/1.0.0/x`, bearer(accessToken))).toBe(200);
    }
  }, 60_000);

  it("serves an API at once after it is published", async () => {
    const app = await createApplication({ ctx: ctx(), input: { name: `App ${uniqueSuffix()}` } });
    await generateConsumerKeys({ ctx: ctx(), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const { accessToken } = await issueApplicationToken({ ctx: ctx(), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    for (let i = 0; i < TRIALS; i++) {
      const context = `/edge-fresh-${uniqueSuffix()}`;
      const created = await createApiService({
        ctx: ctxFor(database.db, publisher),
        input: { name: `Fresh${uniqueSuffix()}`, context, version: "1.0.0", endpoints: { production: { url: backend.url } }, resources: [{ method: "GET", target: "/*" }] },
      });
      await insertSubscription(database.db, app.id, created.id);
      expect(await call(`${context}/1.0.0/x`, bearer(accessToken))).toBe(404);
      await changeLifecycle({ ctx: ctxFor(database.db, publisher), apiId: created.id, input: { action: "Publish" } });
      expect(await call(`${context}/1.0.0/x`, bearer(accessToken))).toBe(200);
    }
  }, 60_000);
});
