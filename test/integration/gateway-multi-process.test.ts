import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/db";
import { changeLifecycle } from "@/lib/apis/change-lifecycle";
import { createApi as createApiService } from "@/lib/apis/create-api";
import { subscribe, unsubscribe } from "@/lib/devportal/subscriptions";
import { setEventTransport } from "@/lib/events/bus";
import { postgresTransport } from "@/lib/events/postgres-transport";
import { createBlockingCondition, setBlockingConditionEnabled } from "@/lib/throttling/blocking";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { testEnv } from "@/test/harness/env";
import { createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";
import { createApi, createApiKeyThroughPortal, createApplicationThroughPortal, eventually, revokeToken, startBackend, subscribe as insertSubscription, type TestBackend } from "@/test/harness/gateway-fixtures";
import { startGatewayProcess, type GatewayProcess } from "@/test/harness/gateway-process";

/**
 * SPEC "Consistency: read your own writes at the gateway" across processes: two `npm run gateway`
 * processes on Postgres (LISTEN/NOTIFY) and Redis (the shared limiter), the writes made here through
 * the services, as another portal process would. The call right after a write answers 2xx reaches
 * both gateways before any notification can be relied on to have arrived.
 */
const TRIALS = 6;

describe.skipIf(!testEnv.TEST_DATABASE_URL || !testEnv.TEST_REDIS_URL)("read your own writes on two standalone gateways", () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let gateways: GatewayProcess[] = [];
  let api: { id: string; context: string };
  let subscriber: Awaited<ReturnType<typeof createUser>>;
  let publisher: Awaited<ReturnType<typeof createUser>>;

  const ctx = () => ctxFor(database.db, subscriber);
  /** The same call to every gateway at once; their statuses in order. */
  const callAll = (path: string, headers: Record<string, string>) =>
    Promise.all(gateways.map((g) => fetch(`${g.url}${path}`, { headers }).then((r) => r.status)));
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  const application = (subscribed: boolean) => createApplicationThroughPortal(ctx(), api.id, { subscribed });

  beforeAll(async () => {
    database = await createTestDatabase("pg");
    installDatabase(database);
    setEventTransport(postgresTransport(database));
    backend = await startBackend("production");
    subscriber = await createUser(database.db, { roles: ["subscriber"] });
    publisher = await createUser(database.db, { roles: ["publisher"] });
    api = await createApi(database.db, { context: `/multi-${uniqueSuffix()}`, production: backend.url });
    const env = {
      DATABASE_URL: database.url!,
      SECRET_KEY: process.env.SECRET_KEY!,
      REDIS_URL: testEnv.TEST_REDIS_URL!,
      REDIS_KEY_PREFIX: `test-ryw-${uniqueSuffix()}`,
      // The backend is on loopback, which the gateway refuses unless private endpoints are allowed.
      ALLOW_PRIVATE_ENDPOINTS: "true",
    };
    gateways = await Promise.all([0, 1].map(() => startGatewayProcess(env)));
  }, 120_000);

  afterAll(async () => {
    setEventTransport(null);
    await Promise.all(gateways.map((g) => g.stop()));
    await backend?.close();
    await database?.close();
  });

  it("both admit a token at once after its keys were generated", async () => {
    for (let i = 0; i < TRIALS; i++) {
      const { token } = await application(true);
      expect(await callAll(`${api.context}/1.0.0/x`, bearer(token))).toEqual([200, 200]);
    }
  }, 60_000);

  it("both admit an API key at once after it was issued", async () => {
    for (let i = 0; i < TRIALS; i++) {
      const apiKey = await createApiKeyThroughPortal(ctx(), api.id);
      expect(await callAll(`${api.context}/1.0.0/x`, { apikey: apiKey })).toEqual([200, 200]);
    }
  }, 60_000);

  it("both admit, at once, a token minted before its application subscribed", async () => {
    for (let i = 0; i < TRIALS; i++) {
      const { app, token } = await application(false);
      expect(await callAll(`${api.context}/1.0.0/x`, bearer(token))).toEqual([403, 403]);
      await subscribe({ ctx: ctx(), input: { applicationId: app.id, apiId: api.id, throttlingTier: "Unlimited" } });
      expect(await callAll(`${api.context}/1.0.0/x`, bearer(token))).toEqual([200, 200]);
    }
  }, 60_000);

  it("both serve an API at once after it is published", async () => {
    const { app, token } = await application(false);
    for (let i = 0; i < TRIALS; i++) {
      const context = `/fresh-${uniqueSuffix()}`;
      const created = await createApiService({
        ctx: ctxFor(database.db, publisher),
        input: { name: `Fresh${uniqueSuffix()}`, context, version: "1.0.0", endpoints: { production: { url: backend.url } }, resources: [{ method: "GET", target: "/*" }] },
      });
      await insertSubscription(database.db, app.id, created.id);
      expect(await callAll(`${context}/1.0.0/x`, bearer(token))).toEqual([404, 404]);
      await changeLifecycle({ ctx: ctxFor(database.db, publisher), apiId: created.id, input: { action: "Publish" } });
      expect(await callAll(`${context}/1.0.0/x`, bearer(token))).toEqual([200, 200]);
    }
  }, 60_000);

  it("both admit an application's calls at once after its block is lifted", async () => {
    const admin = ctxFor(database.db, await createUser(database.db, { roles: ["admin"] }));
    for (let i = 0; i < TRIALS; i++) {
      const { app, token } = await application(true);
      const condition = await createBlockingCondition({ ctx: admin, input: { type: "APPLICATION", value: app.id } });
      await eventually(async () => expect(await callAll(`${api.context}/1.0.0/x`, bearer(token))).toEqual([403, 403]), 1000);
      await setBlockingConditionEnabled({ ctx: admin, conditionId: condition.id, input: { enabled: false } });
      expect(await callAll(`${api.context}/1.0.0/x`, bearer(token))).toEqual([200, 200]);
    }
  }, 60_000);

  it("both refuse a revoked token, and a token whose application unsubscribed, within a second", async () => {
    const { keys, token, subscription } = await application(true);
    const other = await application(true);
    expect(await callAll(`${api.context}/1.0.0/x`, bearer(token))).toEqual([200, 200]);
    expect(await callAll(`${api.context}/1.0.0/x`, bearer(other.token))).toEqual([200, 200]);
    const revoked = await revokeToken(keys, token);
    expect(revoked.status).toBe(200);
    await eventually(async () => expect(await callAll(`${api.context}/1.0.0/x`, bearer(token))).toEqual([401, 401]), 1000);
    expect(subscription).not.toBeNull();
    await unsubscribe({ ctx: ctx(), input: { subscriptionId: other.subscription!.id } });
    await eventually(async () => expect(await callAll(`${api.context}/1.0.0/x`, bearer(other.token))).toEqual([403, 403]), 1000);
  }, 60_000);
});
