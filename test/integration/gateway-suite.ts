import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/db";
import { apis, subscriptions, throttlingPolicies, usageEvents } from "@/db/schema";
import { announce } from "@/lib/events/bus";
import { createLocalJWKSet, jwtVerify } from "jose";
import { createApiKey } from "@/lib/keys/api-keys";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys, revokeConsumerKeys } from "@/lib/keys/consumer-keys";
import { handleRevocationRequest } from "@/lib/keys/oauth/revoke-endpoint";
import { handleTokenRequest } from "@/lib/keys/oauth/token-endpoint";
import { readPublishedJwks } from "@/lib/keys/signing-keys";
import type { TestDatabase } from "@/test/harness/databases";
import { createUser, ctxFor, TEST_PASSWORD } from "@/test/harness/factories";
import { createApi, createApplication, eventually, startBackend, subscribe, type TestBackend } from "@/test/harness/gateway-fixtures";

/** A gateway mount, started over a database that already holds the suite's fixtures. */
export type RunningMount = {
  /** Base URL of the gateway: `${gateway}/{context}/{version}/…` reaches an API. */
  gateway: string;
  /** An origin the mount trusts for CORS (the portal's). */
  portalOrigin: string;
  /** Resolves once the usage events of the calls made so far can be in the database. */
  flushUsage: () => Promise<void>;
  /** The `gateway_id` its usage events carry. */
  gatewayId: string | RegExp;
  stop: () => Promise<void>;
};

export type StreamingPlan = {
  /** Request body size, streamed with a gate that proves it is not buffered before forwarding. */
  uploadBytes: number;
  /** Response body size, likewise gated. */
  downloadMiB: number;
  /** Whether the backend's Content-Length reaches the client. */
  keepsContentLength: boolean;
};

export type GatewayMount = {
  /** Shown in the suite's name. */
  name: string;
  /** Makes contexts unique per mount. */
  label: string;
  /** Set when the mount cannot run here (missing services); the suite is skipped. */
  unavailable?: string;
  setupTimeoutMs?: number;
  /** How long a control-plane change may take to reach the mount. */
  propagationMs: number;
  /** How long after `flushUsage` the usage rows may take to appear. */
  usageWithinMs: number;
  createDatabase: () => Promise<TestDatabase>;
  start: (database: TestDatabase) => Promise<RunningMount>;
  streaming: StreamingPlan & { note?: string };
  /** Whether it sends X-JWT-Assertion to backends of APIs that ask for it (the Node mounts; the signing key is in the database). */
  signsBackendJwt: boolean;
  /** Cases only this mount has, defined inside the suite (after the shared ones). */
  extraCases?: (suite: SuiteHandle) => void;
};

/** What a mount's own cases can use from the running suite. */
export type SuiteHandle = {
  call: (path: string, init?: RequestInit & { token?: string }) => Promise<Response>;
  /** The running mount's base URL, for calls fetch cannot make. */
  gateway: () => string;
  database: () => TestDatabase;
  tokens: () => { production: string; sandbox: string; user: string; apiKey: string };
  label: string;
};

const MiB = 1024 * 1024;

/**
 * The gateway's behaviour as SPEC "Gateway" states it, run against each mount: (a) the lean Node
 * listener and (c) Next's middleware on the Edge runtime. Everything but the mount is the same.
 */
export function defineGatewaySuite(mount: GatewayMount) {
  describe.skipIf(!!mount.unavailable)(`gateway, ${mount.name}`, () => {
    const label = mount.label;
    const within = mount.propagationMs <= 1000 ? "within a second" : `within ${mount.propagationMs / 1000} seconds`;
    let database: TestDatabase;
    let production: TestBackend;
    let sandbox: TestBackend;
    let running: RunningMount;
    let shop: Awaited<ReturnType<typeof createApi>>;
    let owner: Awaited<ReturnType<typeof createUser>>;
    let app: Awaited<ReturnType<typeof createApplication>>;
    const tokens = { production: "", sandbox: "", user: "", other: "", scoped: "", apiKey: "" };
    const keys = { production: { consumerKey: "", consumerSecret: "" } };

    const call = (path: string, init: RequestInit & { token?: string } = {}) => {
      const headers = new Headers(init.headers);
      if (init.token) headers.set("authorization", `Bearer ${init.token}`);
      return fetch(`${running.gateway}${path}`, { ...init, headers });
    };
    /** Waits for a control-plane change to reach the mount. */
    const propagated = (check: () => Promise<void>) => eventually(check, mount.propagationMs);

    beforeAll(async () => {
      database = await mount.createDatabase();
      installDatabase(database);
      const db = database.db;
      [production, sandbox] = await Promise.all([startBackend("production"), startBackend("sandbox")]);
      owner = await createUser(db, { roles: ["subscriber"] });
      app = await createApplication(db, owner.id);
      shop = await createApi(db, {
        context: `/shop-${label}`,
        isDefaultVersion: true,
        production: production.url,
        sandbox: sandbox.url,
        timeoutMs: 300,
        resources: [
          { method: "GET", target: "/menu" },
          { method: "GET", target: "/order/{orderId}" },
          { method: "GET", target: "/echo/*" },
          { method: "POST", target: "/upload" },
          { method: "GET", target: "/download" },
          { method: "GET", target: "/slow" },
          { method: "GET", target: "/public", authType: "None" },
          { method: "GET", target: "/app-only", authType: "Application" },
          { method: "GET", target: "/user-only", authType: "Application User" },
          { method: "GET", target: "/scoped", scopes: ["shop:admin"] },
        ],
      });
      await subscribe(db, app.id, shop.id, "Gold");
      const ctx = ctxFor(db, owner);
      keys.production = await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
      await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "SANDBOX" } });
      tokens.production = (await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } })).accessToken;
      tokens.sandbox = (await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "SANDBOX" } })).accessToken;
      tokens.apiKey = (await createApiKey({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } })).apiKey;
      const tokenResponse = await handleTokenRequest(
        new Request("http://localhost/oauth2/token", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: `Basic ${btoa(`${keys.production.consumerKey}:${keys.production.consumerSecret}`)}`,
          },
          body: new URLSearchParams({ grant_type: "password", username: owner.email, password: TEST_PASSWORD }),
        }),
      );
      tokens.user = ((await tokenResponse.json()) as { access_token: string }).access_token;
      const stranger = await createUser(db);
      const strangerApp = await createApplication(db, stranger.id);
      await generateConsumerKeys({ ctx: ctxFor(db, stranger), input: { applicationId: strangerApp.id, keyType: "PRODUCTION" } });
      tokens.other = (await issueApplicationToken({ ctx: ctxFor(db, stranger), input: { applicationId: strangerApp.id, keyType: "PRODUCTION" } })).accessToken;

      running = await mount.start(database);
    }, mount.setupTimeoutMs ?? 120_000);

    afterAll(async () => {
      await running?.stop();
      await Promise.all([production?.close(), sandbox?.close()]);
      await database?.close();
    }, 60_000);

    it("routes a production token to the production endpoint, without credentials, with X-Forwarded-*", async () => {
      const response = await call(`/shop-${label}/1.0.0/echo/a/b?x=1`, { token: tokens.production });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { backend: string; path: string; query: string; headers: Record<string, string> };
      expect(body).toMatchObject({ backend: "production", path: "/echo/a/b", query: "?x=1" });
      expect(body.headers.authorization).toBeUndefined();
      expect(body.headers["x-forwarded-for"]).toBe("127.0.0.1");
      expect(body.headers["x-forwarded-proto"]).toBe("http");
      expect(body.headers["x-forwarded-host"]).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(body.headers["x-portcullis-client-ip"]).toBeUndefined();
      // Hop-by-hop headers from the backend stop at the gateway.
      expect(response.headers.get("x-hop")).toBeNull();
      expect(response.headers.get("x-ratelimit-limit")).toBe("5000");
    });

    it("reaches the default version without the version segment, and a sandbox token the sandbox", async () => {
      expect(await (await call(`/shop-${label}/echo/x`, { token: tokens.production })).json()).toMatchObject({ backend: "production", path: "/echo/x" });
      expect(await (await call(`/shop-${label}/echo/x`, { token: tokens.sandbox })).json()).toMatchObject({ backend: "sandbox" });
    });

    it("accepts an API key and a user token", async () => {
      const byKey = await call(`/shop-${label}/menu`, { headers: { apikey: tokens.apiKey } });
      expect(byKey.status).toBe(200);
      expect((await call(`/shop-${label}/menu`, { token: tokens.user })).status).toBe(200);
    });

    it("answers each error with the SPEC's status, code and body", async () => {
      const expectError = async (response: Response, status: number, code: string, message: string) => {
        expect(response.status).toBe(status);
        expect(await response.json()).toMatchObject({ code, message });
        if (status === 401) expect(response.headers.get("www-authenticate")).toBe('Bearer realm="portcullis", error="invalid_token"');
      };
      await expectError(await call(`/shop-${label}/menu`), 401, "900902", "Missing Credentials");
      await expectError(await call(`/shop-${label}/menu`, { token: "not.a.jwt" }), 401, "900901", "Invalid Credentials");
      await expectError(await call(`/shop-${label}/menu`, { token: tokens.apiKey }), 401, "900901", "Invalid Credentials");
      await expectError(await call(`/shop-${label}/app-only`, { token: tokens.user }), 401, "900905", "Incorrect Access Token Type is provided");
      await expectError(await call(`/shop-${label}/user-only`, { token: tokens.production }), 401, "900905", "Incorrect Access Token Type is provided");
      await expectError(await call(`/shop-${label}/menu`, { token: tokens.other }), 403, "900908", "Resource forbidden");
      await expectError(await call(`/shop-${label}/scoped`, { token: tokens.production }), 403, "900910", "The access token does not allow you to access the requested resource");
      await expectError(await call(`/nothing-here/1.0.0/menu`), 404, "404", "Not Found");
      await expectError(await call(`/shop-${label}/1.0.0/nope`, { token: tokens.production }), 404, "404", "Runtime Error");
      await expectError(await call(`/shop-${label}/1.0.0/menu`, { method: "DELETE", token: tokens.production }), 404, "404", "Runtime Error");
      await expectError(await call(`/shop-${label}/slow`, { token: tokens.production }), 504, "101504", "Connection timed out");
    });

    it("answers 502 when the backend refuses, and a token for a missing endpoint type is invalid", async () => {
      const closed = await startBackend("gone");
      await closed.close();
      const db = database.db;
      const dead = await createApi(db, { context: `/dead-${label}`, production: closed.url });
      await subscribe(db, app.id, dead.id);
      await announce({ type: "api.changed", apiId: dead.id });
      await propagated(async () => {
        const response = await call(`/dead-${label}/1.0.0/x`, { token: tokens.production });
        expect(response.status).toBe(502);
        expect(await response.json()).toMatchObject({ code: "101503" });
      });
      const response = await call(`/dead-${label}/1.0.0/x`, { token: tokens.sandbox });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: "900901" });
    });

    it("lets anyone call None-auth resources and prototypes", async () => {
      expect((await call(`/shop-${label}/public`)).status).toBe(200);
      const proto = await createApi(database.db, { context: `/proto-${label}`, state: "PROTOTYPED", production: production.url });
      await announce({ type: "api.changed", apiId: proto.id });
      await propagated(async () => expect((await call(`/proto-${label}/1.0.0/anything`)).status).toBe(200));
    });

    const plan = mount.streaming;
    const uploadSize = `${Math.round(plan.uploadBytes / MiB)} MiB`;
    const streamingName =
      plan.uploadBytes / MiB === plan.downloadMiB
        ? `streams ${uploadSize} each way without buffering it`
        : `streams ${uploadSize} up and ${plan.downloadMiB} MiB down without buffering it${plan.note ? ` (${plan.note})` : ""}`;
    it(streamingName, async () => {
      const size = plan.uploadBytes;
      const chunk = new Uint8Array(256 * 1024).fill(97);
      let sent = 0;
      let firstChunkArrived = false;
      // The body holds back after its first chunk until the backend has seen bytes: a gateway that
      // buffered the request would wait for the end forever.
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === chunk.length && !firstChunkArrived) {
            await production.uploadStarted();
            firstChunkArrived = true;
          }
          if (sent >= size) return controller.close();
          const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
          sent += part.length;
          controller.enqueue(part);
        },
      });
      const upload = await call(`/shop-${label}/upload`, { method: "POST", token: tokens.production, body, duplex: "half" } as RequestInit);
      expect(await upload.json()).toEqual({ bytes: size });
      expect(firstChunkArrived).toBe(true);

      // Likewise the backend sends one chunk and waits until the client has read it through the gateway.
      const download = await call(`/shop-${label}/download?mb=${plan.downloadMiB}&gate=1`, { token: tokens.production });
      if (plan.keepsContentLength) expect(download.headers.get("content-length")).toBe(String(plan.downloadMiB * MiB));
      let received = 0;
      for await (const part of download.body as unknown as AsyncIterable<Uint8Array>) {
        if (received === 0) production.releaseDownload();
        received += part.length;
      }
      expect(received).toBe(plan.downloadMiB * MiB);
    });

    it("answers CORS preflights for the portal's origin", async () => {
      const origin = running.portalOrigin;
      const response = await call(`/shop-${label}/menu`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-headers")).toContain("authorization");
      const actual = await call(`/shop-${label}/menu`, { headers: { origin } });
      expect(actual.headers.get("access-control-allow-origin")).toBe(origin);
      const foreign = await call(`/shop-${label}/menu`, { method: "OPTIONS", headers: { origin: "http://evil.example", "access-control-request-method": "GET" } });
      expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("keeps the portal's console working whatever an API's own CORS settings say", async () => {
      const origin = running.portalOrigin;
      const cors = { allowOrigins: ["http://app.example"], allowMethods: ["GET"], allowHeaders: ["x-custom"], exposeHeaders: [], allowCredentials: false, maxAgeSeconds: 60 };
      for (const [suffix, enabled] of [["off", false], ["on", true]] as const) {
        const api = await createApi(database.db, { context: `/cors-${suffix}-${label}`, production: production.url, cors: { ...cors, enabled } });
        await announce({ type: "api.changed", apiId: api.id });
        const preflight = (from: string) =>
          call(`/cors-${suffix}-${label}/1.0.0/x`, { method: "OPTIONS", headers: { origin: from, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
        await propagated(async () => expect((await preflight(origin)).headers.get("access-control-allow-origin")).toBe(origin));
        expect((await preflight(origin)).headers.get("access-control-allow-headers")).toContain("authorization");
        expect((await preflight("http://app.example")).headers.get("access-control-allow-origin")).toBe(enabled ? "http://app.example" : null);
      }
    });

    it.runIf(mount.signsBackendJwt)("sends the caller's claims to backends of APIs that ask for them, signed with a published key", async () => {
      const db = database.db;
      const api = await createApi(db, { context: `/claims-${label}`, production: production.url, sendBackendJwt: true });
      await subscribe(db, app.id, api.id);
      await announce({ type: "api.changed", apiId: api.id });
      await propagated(async () => expect((await call(`/claims-${label}/1.0.0/echo`, { token: tokens.production })).status).toBe(200));
      const echoed = (await (await call(`/claims-${label}/1.0.0/echo`, { token: tokens.production })).json()) as { headers: Record<string, string> };
      const assertion = echoed.headers["x-jwt-assertion"];
      expect(assertion).toBeTruthy();
      const { payload } = await jwtVerify(assertion, createLocalJWKSet({ keys: await readPublishedJwks(db) }));
      expect(payload).toMatchObject({
        "http://wso2.org/claims/applicationid": app.id,
        "http://wso2.org/claims/apicontext": `/claims-${label}`,
        "http://wso2.org/claims/keytype": "PRODUCTION",
      });
      // An API that does not ask for them gets none.
      const plain = (await (await call(`/shop-${label}/1.0.0/echo/x`, { token: tokens.production })).json()) as { headers: Record<string, string> };
      expect(plain.headers["x-jwt-assertion"]).toBeUndefined();
    });

    it("throttles a subscription at its tier with 429, Retry-After and nextAccessTime", async () => {
      const db = database.db;
      await db.insert(throttlingPolicies).values({ level: "SUBSCRIPTION", name: `Tiny-${label}`, displayName: "Tiny", requestCount: 3, unitTime: 1, timeUnit: "min" });
      const api = await createApi(db, { context: `/tiny-${label}`, production: production.url });
      await subscribe(db, app.id, api.id, `Tiny-${label}`);
      await announce({ type: "api.changed", apiId: api.id });
      await propagated(async () => expect((await call(`/tiny-${label}/1.0.0/x`, { token: tokens.production })).status).toBe(200));
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await call(`/tiny-${label}/1.0.0/x`, { token: tokens.production });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses.at(-1)).toBe(429);
      const body = (await last!.json()) as { code: string; nextAccessTime: string };
      expect(body.code).toBe("900804");
      expect(Date.parse(body.nextAccessTime)).toBeGreaterThan(Date.now());
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(last!.headers.get("x-ratelimit-remaining")).toBe("0");
    });

    it(`applies a subscription's new tier to a token already in use ${within}`, async () => {
      const db = database.db;
      const api = await createApi(db, { context: `/retier-${label}`, production: production.url });
      const subscription = await subscribe(db, app.id, api.id, "Gold");
      await announce({ type: "api.changed", apiId: api.id });
      const limitOf = async () => (await call(`/retier-${label}/1.0.0/x`, { token: tokens.production })).headers.get("x-ratelimit-limit");
      await propagated(async () => expect(await limitOf()).toBe("5000"));
      await db.update(subscriptions).set({ throttlingTier: "Silver" }).where(eq(subscriptions.id, subscription.id));
      await announce({ type: "subscription.changed", subscriptionId: subscription.id, applicationId: app.id, apiId: api.id });
      await propagated(async () => expect(await limitOf()).toBe("2000"));
    });

    it(`applies revocation, unsubscription and blocking ${within}`, async () => {
      const db = database.db;
      const ctx = ctxFor(db, owner);
      const token = (await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } })).accessToken;
      expect((await call(`/shop-${label}/menu`, { token })).status).toBe(200);
      await handleRevocationRequest(
        new Request("http://localhost/oauth2/revoke", {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: `Basic ${btoa(`${keys.production.consumerKey}:${keys.production.consumerSecret}`)}`,
          },
          body: new URLSearchParams({ token }),
        }),
      );
      await propagated(async () => expect((await call(`/shop-${label}/menu`, { token })).status).toBe(401));

      const api = await createApi(db, { context: `/gone-${label}`, production: production.url });
      const subscription = await subscribe(db, app.id, api.id);
      await announce({ type: "api.changed", apiId: api.id });
      await propagated(async () => expect((await call(`/gone-${label}/1.0.0/x`, { token: tokens.production })).status).toBe(200));
      await db.delete(subscriptions).where(eq(subscriptions.id, subscription.id));
      await announce({ type: "subscription.changed", subscriptionId: subscription.id, applicationId: app.id, apiId: api.id });
      await propagated(async () => expect((await call(`/gone-${label}/1.0.0/x`, { token: tokens.production })).status).toBe(403));

      await db.update(apis).set({ state: "BLOCKED" }).where(eq(apis.id, api.id));
      await announce({ type: "api.changed", apiId: api.id });
      await propagated(async () => {
        const response = await call(`/gone-${label}/1.0.0/x`, { token: tokens.production });
        expect(response.status).toBe(503);
        expect(await response.json()).toMatchObject({ code: "700700", message: "API blocked" });
      });
    });

    it(`refuses tokens of revoked consumer keys ${within}`, async () => {
      const db = database.db;
      const ctx = ctxFor(db, owner);
      const other = await createApplication(db, owner.id);
      await subscribe(db, other.id, shop.id);
      await generateConsumerKeys({ ctx, input: { applicationId: other.id, keyType: "PRODUCTION" } });
      const token = (await issueApplicationToken({ ctx, input: { applicationId: other.id, keyType: "PRODUCTION" } })).accessToken;
      await announce({ type: "application.changed", applicationId: other.id });
      await propagated(async () => expect((await call(`/shop-${label}/menu`, { token })).status).toBe(200));
      await revokeConsumerKeys({ ctx, input: { applicationId: other.id, keyType: "PRODUCTION" } });
      await propagated(async () => expect((await call(`/shop-${label}/menu`, { token })).status).toBe(401));
    });

    it("records usage events in batches", async () => {
      await call(`/shop-${label}/order/42`, { token: tokens.production });
      await running.flushUsage();
      await eventually(async () => {
        const rows = await database.db.select().from(usageEvents).where(eq(usageEvents.apiId, shop.id));
        const order = rows.find((r) => r.resource === "GET /order/{orderId}");
        expect(order).toMatchObject({ status: 200, applicationId: app.id, keyType: "PRODUCTION", apiVersion: "1.0.0", errorCode: null });
        expect(order!.at).toBeInstanceOf(Date);
        expect(order!.gatewayId).toMatch(running.gatewayId);
        expect(rows.some((r) => r.errorCode === "900902" && r.status === 401)).toBe(true);
      }, mount.usageWithinMs);
    });

    mount.extraCases?.({ call, gateway: () => running.gateway, database: () => database, tokens: () => tokens, label });
  });
}
