import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/db";
import { apis, subscriptions } from "@/db/schema";
import { announce, setEventTransport } from "@/lib/events/bus";
import { postgresTransport } from "@/lib/events/postgres-transport";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { testEnv } from "@/test/harness/env";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApi, createApplication, createApplicationWithToken, eventually, revokeToken, startBackend, subscribe, type TestBackend } from "@/test/harness/gateway-fixtures";
import { startGatewayProcess, type GatewayProcess } from "@/test/harness/gateway-process";

/** Mount (b): two standalone gateway processes sharing Postgres see every change within a second. */
describe.skipIf(!testEnv.TEST_DATABASE_URL)("two standalone gateway processes", () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let gateways: GatewayProcess[] = [];
  let apiId = "";
  let token = "";
  let keys = { consumerKey: "", consumerSecret: "" };

  const callAll = (path: string, bearer = token) =>
    Promise.all(gateways.map((g) => fetch(`${g.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } }).then((r) => r.status)));

  beforeAll(async () => {
    database = await createTestDatabase("pg");
    installDatabase(database);
    setEventTransport(postgresTransport(database));
    backend = await startBackend("production");
    const db = database.db;
    const owner = await createUser(db);
    const api = await createApi(db, { context: "/fleet", production: backend.url });
    apiId = api.id;
    ({ keys, token } = await createApplicationWithToken(db, owner, { apiIds: [api.id] }));
    gateways = await Promise.all(
      [0, 1].map(() => startGatewayProcess({ DATABASE_URL: database.url!, SECRET_KEY: process.env.SECRET_KEY!, REDIS_URL: "", ALLOW_PRIVATE_ENDPOINTS: "true" })),
    );
  }, 120_000);

  afterAll(async () => {
    setEventTransport(null);
    await Promise.all(gateways.map((g) => g.stop()));
    await backend?.close();
    await database?.close();
  });

  it("both serve the API, and both stop accepting a revoked token within a second", async () => {
    expect(await callAll("/fleet/1.0.0/x")).toEqual([200, 200]);
    const response = await revokeToken(keys, token);
    expect(response.status).toBe(200);
    await eventually(async () => expect(await callAll("/fleet/1.0.0/x")).toEqual([401, 401]));
  });

  it("both apply an unsubscription and a block within a second", async () => {
    const db = database.db;
    const owner = await createUser(db);
    const app = await createApplication(db, owner.id);
    const sub = await subscribe(db, app.id, apiId);
    await generateConsumerKeys({ ctx: ctxFor(db, owner), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const fresh = (await issueApplicationToken({ ctx: ctxFor(db, owner), input: { applicationId: app.id, keyType: "PRODUCTION" } })).accessToken;
    await announce({ type: "subscription.changed", subscriptionId: sub.id, applicationId: app.id, apiId });
    await eventually(async () => expect(await callAll("/fleet/1.0.0/x", fresh)).toEqual([200, 200]));

    await db.delete(subscriptions).where(eq(subscriptions.id, sub.id));
    await announce({ type: "subscription.changed", subscriptionId: sub.id, applicationId: app.id, apiId });
    await eventually(async () => expect(await callAll("/fleet/1.0.0/x", fresh)).toEqual([403, 403]));

    await db.update(apis).set({ state: "BLOCKED" }).where(eq(apis.id, apiId));
    await announce({ type: "api.changed", apiId });
    await eventually(async () => expect(await callAll("/fleet/1.0.0/x", fresh)).toEqual([503, 503]));
  });
});
