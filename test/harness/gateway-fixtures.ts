import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Database } from "@/db/client";
import {
  apiEndpoints,
  apiResources,
  apis,
  applications,
  subscriptions,
  type ApiState,
  type AuthType,
  type CorsSettings,
  type HttpMethod,
} from "@/db/schema";
import { createApplication as createPortalApplication } from "@/lib/devportal/application-writes";
import { subscribe as subscribeThroughPortal } from "@/lib/devportal/subscriptions";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { createApiKey } from "@/lib/keys/api-keys";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { handleRevocationRequest } from "@/lib/keys/oauth/revoke-endpoint";
import type { Actor, Ctx } from "@/lib/services/context";
import { defaultOrganizationId } from "@/lib/users/organizations";
import { ctxFor, uniqueSuffix } from "./factories";

export type ApiFixture = {
  name?: string;
  context?: string;
  version?: string;
  state?: ApiState;
  isDefaultVersion?: boolean;
  production?: string | null;
  sandbox?: string | null;
  timeoutMs?: number;
  apiThrottlingTier?: string | null;
  cors?: CorsSettings | null;
  sendBackendJwt?: boolean;
  resources?: { method: HttpMethod; target: string; authType?: AuthType; scopes?: string[]; throttlingTier?: string }[];
};

/** An API row with its resources and endpoints, written straight to the tables (the gateway only reads them). */
export async function createApi(db: Database, fixture: ApiFixture = {}) {
  const suffix = uniqueSuffix();
  const [api] = await db
    .insert(apis)
    .values({
      organizationId: await defaultOrganizationId(db),
      name: fixture.name ?? `Api${suffix}`,
      context: fixture.context ?? `/api-${suffix}`,
      version: fixture.version ?? "1.0.0",
      state: fixture.state ?? "PUBLISHED",
      isDefaultVersion: fixture.isDefaultVersion ?? false,
      apiThrottlingTier: fixture.apiThrottlingTier ?? null,
      cors: fixture.cors ?? null,
      sendBackendJwt: fixture.sendBackendJwt ?? false,
      subscriptionTiers: ["Unlimited", "Gold", "Silver", "Bronze"],
    })
    .returning();
  const resources = fixture.resources ?? [{ method: "GET", target: "/*" }];
  await db.insert(apiResources).values(
    resources.map((r, position) => ({
      apiId: api.id,
      method: r.method,
      target: r.target,
      authType: r.authType ?? "Application & Application User",
      scopes: r.scopes ?? [],
      throttlingTier: r.throttlingTier ?? "Unlimited",
      position,
    })),
  );
  const endpoints = [
    fixture.production !== null && fixture.production !== undefined ? { keyType: "PRODUCTION" as const, url: fixture.production } : null,
    fixture.sandbox ? { keyType: "SANDBOX" as const, url: fixture.sandbox } : null,
  ].filter((e) => e !== null);
  if (endpoints.length) {
    await db.insert(apiEndpoints).values(endpoints.map((e) => ({ apiId: api.id, ...e, timeoutMs: fixture.timeoutMs ?? 5000 })));
  }
  return api;
}

export async function createApplication(db: Database, ownerId: string, throttlingTier = "Unlimited") {
  const [app] = await db
    .insert(applications)
    .values({ ownerId, name: `App ${uniqueSuffix()}`, throttlingTier })
    .returning();
  return app;
}

export async function subscribe(db: Database, applicationId: string, apiId: string, throttlingTier = "Unlimited") {
  const [subscription] = await db.insert(subscriptions).values({ applicationId, apiId, throttlingTier }).returning();
  return subscription;
}

/**
 * An application of `owner`'s (straight to the tables), subscribed to each of `apiIds`, with
 * PRODUCTION consumer keys and an access token carrying `scopes`; `issue` mints another like it.
 */
export async function createApplicationWithToken(db: Database, owner: Actor, overrides: { apiIds?: string[]; scopes?: string[] } = {}) {
  const app = await createApplication(db, owner.id);
  for (const apiId of overrides.apiIds ?? []) await subscribe(db, app.id, apiId);
  const ctx = ctxFor(db, owner);
  const input = { applicationId: app.id, keyType: "PRODUCTION" };
  const keys = await generateConsumerKeys({ ctx, input });
  const scopes = overrides.scopes ? { scopes: overrides.scopes } : {};
  const issue = async () => (await issueApplicationToken({ ctx, input: { ...input, ...scopes } })).accessToken;
  return { app, keys, token: await issue(), issue };
}

/**
 * An application made through the developer portal's services as `ctx`'s actor, subscribed to
 * `apiId` or not, with PRODUCTION consumer keys and an access token: each step a write the gateway
 * must see at once.
 */
export async function createApplicationThroughPortal(ctx: Ctx, apiId: string, options: { subscribed: boolean; tier?: string }) {
  const app = await createPortalApplication({ ctx, input: { name: `App ${uniqueSuffix()}`, throttlingTier: options.tier ?? "Unlimited" } });
  const subscription = options.subscribed ? await subscribeThroughPortal({ ctx, input: { applicationId: app.id, apiId, throttlingTier: "Unlimited" } }) : null;
  const keys = await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
  const { accessToken } = await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
  return { app, subscription, keys, token: accessToken };
}

/** An API key of a new application, made and subscribed to `apiId` through the developer portal's services as `ctx`'s actor. */
export async function createApiKeyThroughPortal(ctx: Ctx, apiId: string): Promise<string> {
  const app = await createPortalApplication({ ctx, input: { name: `App ${uniqueSuffix()}` } });
  await subscribeThroughPortal({ ctx, input: { applicationId: app.id, apiId, throttlingTier: "Unlimited" } });
  return (await createApiKey({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } })).apiKey;
}

/** Revokes `token` at the key manager's revocation endpoint with its application's Basic credentials. */
export function revokeToken(keys: { consumerKey: string; consumerSecret: string }, token: string): Promise<Response> {
  return handleRevocationRequest(
    new Request("http://localhost/oauth2/revoke", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${btoa(`${keys.consumerKey}:${keys.consumerSecret}`)}` },
      body: new URLSearchParams({ token }),
    }),
  );
}

export type TestBackend = {
  url: string;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[];
  /** Resolves when `/upload` has received its first bytes. */
  uploadStarted: () => Promise<void>;
  /** Lets a gated `/download?gate=1` send the rest after its first chunk. */
  releaseDownload: () => void;
  close: () => Promise<void>;
};

/**
 * A real HTTP backend on loopback: `/echo…` answers what it received, `/slow` never answers in time,
 * `/upload` counts a streamed body, `/download?mb=N` streams N MiB (with `gate=1`, the first chunk,
 * then the rest once released), so tests can prove bodies stream rather than buffer.
 */
export async function startBackend(label: string): Promise<TestBackend> {
  const requests: TestBackend["requests"] = [];
  let uploadStarted!: () => void;
  let started = new Promise<void>((resolve) => (uploadStarted = resolve));
  let release!: () => void;
  let released = new Promise<void>((resolve) => (release = resolve));
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const url = new URL(req.url ?? "/", "http://backend");
    if (url.pathname.endsWith("/slow")) {
      const timer = setTimeout(() => res.end("late"), 5000);
      res.on("close", () => clearTimeout(timer));
      return;
    }
    if (url.pathname.endsWith("/upload")) {
      let bytes = 0;
      req.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        uploadStarted();
      });
      req.on("end", () => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ bytes }));
      });
      return;
    }
    if (url.pathname.endsWith("/download")) {
      const total = Number(url.searchParams.get("mb") ?? "1") * 1024 * 1024;
      const chunk = Buffer.alloc(64 * 1024, 120);
      let sent = 0;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(total) });
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      if (url.searchParams.get("gate") !== "1") return pump();
      sent += chunk.length;
      res.write(chunk);
      return void released.then(pump);
    }
    req.resume();
    res.writeHead(200, { "content-type": "application/json", connection: "keep-alive, x-hop", "x-hop": "1" });
    res.end(JSON.stringify({ backend: label, method: req.method, path: url.pathname, query: url.search, headers: req.headers }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    uploadStarted: () => started,
    releaseDownload: () => {
      release();
      released = new Promise<void>((resolve) => (release = resolve));
      started = new Promise<void>((resolve) => (uploadStarted = resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until `check` passes (the gateway applies changes within a second), failing after `timeoutMs`. */
export async function eventually(check: () => Promise<void>, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
