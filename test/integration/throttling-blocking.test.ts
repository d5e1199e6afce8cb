import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as conditionsRoute from "@/app/api/v1/admin/blocking-conditions/route";
import * as conditionRoute from "@/app/api/v1/admin/blocking-conditions/[conditionId]/route";
import { installDatabase } from "@/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import { announce } from "@/lib/events/bus";
import { handleTokenRequest } from "@/lib/keys/oauth/token-endpoint";
import {
  createBlockingCondition,
  deleteBlockingCondition,
  listBlockingConditions,
  setBlockingConditionEnabled,
} from "@/lib/throttling/blocking";
import type { Ctx } from "@/lib/services/context";
import { createTestDatabase, enabledDrivers, type TestDatabase } from "@/test/harness/databases";
import { createUser, ctxFor, TEST_PASSWORD } from "@/test/harness/factories";
import { createApi, createApplication, createApplicationWithToken, eventually, startBackend, type TestBackend } from "@/test/harness/gateway-fixtures";
import { startTestGateway, type TestGateway } from "@/test/harness/gateway-process";

/**
 * Blocking conditions of each kind stop calls with 403 900805 before any limit, within a second of
 * the admin's change, and lift as fast when switched off or deleted.
 */
const driver = enabledDrivers().includes("pg") ? "pg" : "pglite";

describe(`blocking conditions through the gateway [${driver}]`, () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let gateway: TestGateway;
  let admin: Ctx;
  let owner: Awaited<ReturnType<typeof createUser>>;
  let app: Awaited<ReturnType<typeof createApplication>>;
  const tokens = { app: "", user: "", other: "" };
  let context = "";
  let otherContext = "";

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    installDatabase(database);
    const db = database.db;
    backend = await startBackend("blocked");
    admin = ctxFor(db, await createUser(db, { roles: ["admin"] }));
    owner = await createUser(db);
    const api = await createApi(db, { production: backend.url });
    const other = await createApi(db, { production: backend.url });
    context = api.context;
    otherContext = other.context;
    const owned = await createApplicationWithToken(db, owner, { apiIds: [api.id, other.id] });
    const keys = owned.keys;
    app = owned.app;
    tokens.app = owned.token;
    const issued = await handleTokenRequest(
      new Request("http://localhost/oauth2/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${btoa(`${keys.consumerKey}:${keys.consumerSecret}`)}` },
        body: new URLSearchParams({ grant_type: "password", username: owner.email, password: TEST_PASSWORD }),
      }),
    );
    tokens.user = ((await issued.json()) as { access_token: string }).access_token;
    tokens.other = (await createApplicationWithToken(db, await createUser(db), { apiIds: [api.id] })).token;

    gateway = await startTestGateway(db);
    await announce({ type: "api.changed", apiId: api.id });
  });

  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
    await database?.close();
  });

  /** Through the listener (client IP 127.0.0.1), or straight into the handler as another address. */
  const call = (token: string, options: { path?: string; ip?: string } = {}) => {
    const url = `${gateway.url}${options.path ?? context}/1.0.0/x`;
    const headers = { authorization: `Bearer ${token}` };
    if (!options.ip) return fetch(url, { headers });
    return gateway.runtime.handler(new Request(url, { headers: { ...headers, "x-portcullis-client-ip": options.ip } }));
  };
  const expectBlocked = async (response: Response) => {
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "900805", message: "Message blocked" });
  };
  /** Blocked within a second of the change, and open again within a second of the switch-off and of the delete. */
  async function blocksAndLifts(input: { type: string; value: string }, blocked: () => Promise<Response>, spared: (() => Promise<Response>)[]) {
    await eventually(async () => expect((await blocked()).status).toBe(200));
    const condition = await createBlockingCondition({ ctx: admin, input });
    await eventually(async () => expectBlocked(await blocked()));
    for (const other of spared) expect((await other()).status).toBe(200);
    await setBlockingConditionEnabled({ ctx: admin, conditionId: condition.id, input: { enabled: false } });
    await eventually(async () => expect((await blocked()).status).toBe(200));
    await setBlockingConditionEnabled({ ctx: admin, conditionId: condition.id, input: { enabled: true } });
    await eventually(async () => expectBlocked(await blocked()));
    await deleteBlockingCondition({ ctx: admin, conditionId: condition.id });
    await eventually(async () => expect((await blocked()).status).toBe(200));
  }

  it("blocks an API by context (and by context/version)", async () => {
    await blocksAndLifts({ type: "API", value: context }, () => call(tokens.app), [() => call(tokens.app, { path: otherContext })]);
    await blocksAndLifts({ type: "API", value: `${context}/1.0.0` }, () => call(tokens.app), [() => call(tokens.app, { path: otherContext })]);
  });

  it("blocks an application by id", async () => {
    await blocksAndLifts({ type: "APPLICATION", value: app.id }, () => call(tokens.app), [() => call(tokens.other)]);
  });

  it("blocks a user by email: their user tokens and their applications' tokens", async () => {
    await blocksAndLifts({ type: "USER", value: owner.email.toUpperCase() }, () => call(tokens.user), [() => call(tokens.other)]);
    const condition = await createBlockingCondition({ ctx: admin, input: { type: "USER", value: owner.email } });
    await eventually(async () => expectBlocked(await call(tokens.app)));
    await deleteBlockingCondition({ ctx: admin, conditionId: condition.id });
    await eventually(async () => expect((await call(tokens.app)).status).toBe(200));
  });

  it("blocks an IP address and an IP range (v4 and v6)", async () => {
    await blocksAndLifts({ type: "IP", value: "203.0.113.7" }, () => call(tokens.app, { ip: "203.0.113.7" }), [() => call(tokens.app, { ip: "203.0.113.8" })]);
    await blocksAndLifts({ type: "IP_RANGE", value: "10.20.0.0/16" }, () => call(tokens.app, { ip: "10.20.3.4" }), [
      () => call(tokens.app, { ip: "10.21.0.1" }),
      () => call(tokens.app),
    ]);
    await blocksAndLifts({ type: "IP_RANGE", value: "2001:db8::/32" }, () => call(tokens.app, { ip: "2001:db8:1::5" }), [() => call(tokens.app, { ip: "2001:db9::1" })]);
    // The listener's own client address counts too.
    await blocksAndLifts({ type: "IP", value: "127.0.0.1" }, () => call(tokens.app), [() => call(tokens.app, { ip: "192.0.2.1" })]);
  });

  it("validates values, refuses duplicates and the wrong role", async () => {
    for (const input of [
      { type: "IP", value: "300.1.1.1" },
      { type: "IP_RANGE", value: "10.0.0.0/33" },
      { type: "IP_RANGE", value: "10.0.0.1" },
      { type: "API", value: "no-slash" },
      { type: "API", value: "/nothing-deployed-here" },
      { type: "APPLICATION", value: "not-an-id" },
      { type: "APPLICATION", value: "00000000-0000-4000-8000-000000000000" },
      { type: "USER", value: "nobody@example.test" },
      { type: "COUNTRY", value: "NZ" },
    ]) {
      await expect(createBlockingCondition({ ctx: admin, input }), JSON.stringify(input)).rejects.toBeInstanceOf(ValidationError);
    }
    const condition = await createBlockingCondition({ ctx: admin, input: { type: "IP", value: "198.51.100.1", enabled: false } });
    expect(condition).toMatchObject({ enabled: false });
    await expect(createBlockingCondition({ ctx: admin, input: { type: "IP", value: " 198.51.100.1 " } })).rejects.toBeInstanceOf(ConflictError);
    const publisher = ctxFor(database.db, await createUser(database.db, { roles: ["publisher"] }));
    await expect(createBlockingCondition({ ctx: publisher, input: { type: "IP", value: "198.51.100.2" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setBlockingConditionEnabled({ ctx: publisher, conditionId: condition.id, input: { enabled: true } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listBlockingConditions({ ctx: publisher })).rejects.toBeInstanceOf(ForbiddenError);
    await deleteBlockingCondition({ ctx: admin, conditionId: condition.id });
  });

  it("serves the REST API: GET, POST, PATCH {enabled}, DELETE", async () => {
    const bearer = (await createApplicationWithToken(database.db, admin.actor!, { scopes: ["apim:admin"] })).token;
    const request = (method: string, body?: unknown) =>
      new Request("http://localhost:3000/api/v1/admin/blocking-conditions", {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const created = await conditionsRoute.POST(request("POST", { type: "APPLICATION", value: app.id }), { params: Promise.resolve({}) });
    expect(created.status).toBe(201);
    const condition = (await created.json()) as { id: string; label: string };
    expect(condition.label).toBe(app.name);
    await eventually(async () => expectBlocked(await call(tokens.app)));

    const listed = (await (await conditionsRoute.GET(request("GET"), { params: Promise.resolve({}) })).json()) as { id: string; label: string }[];
    expect(listed.find((c) => c.id === condition.id)).toMatchObject({ label: app.name });

    const params = { params: Promise.resolve({ conditionId: condition.id }) };
    const off = await conditionRoute.PATCH(request("PATCH", { enabled: false }), params);
    expect(await off.json()).toMatchObject({ enabled: false });
    await eventually(async () => expect((await call(tokens.app)).status).toBe(200));
    expect((await conditionRoute.PATCH(request("PATCH", { enabled: "maybe" }), params)).status).toBe(422);
    expect((await conditionsRoute.POST(request("POST", { type: "IP_RANGE", value: "1.2.3.4/40" }), { params: Promise.resolve({}) })).status).toBe(422);
    expect((await conditionRoute.DELETE(request("DELETE"), params)).status).toBe(204);
    expect((await conditionRoute.DELETE(request("DELETE"), params)).status).toBe(404);
  });
});
