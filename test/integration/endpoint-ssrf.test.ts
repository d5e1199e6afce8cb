import dns from "node:dns/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as apisRoute from "@/app/api/v1/publisher/apis/route";
import * as apiRoute from "@/app/api/v1/publisher/apis/[apiId]/route";
import * as endpointTestRoute from "@/app/api/v1/publisher/apis/[apiId]/endpoints/test/route";
import { installDatabase } from "@/db";
import { checkEndpointHosts } from "@/lib/apis/api-parts";
import { describeFetchFailure, outboundFetch } from "@/lib/apis/safe-fetch";
import type { HostLookup } from "@/lib/net/guarded-dial";
import { isBlockedAddress } from "@/lib/net/ip";
import type { Actor } from "@/lib/services/context";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { testEnv } from "@/test/harness/env";
import { createOrganization, createUser, uniqueSuffix } from "@/test/harness/factories";
import { createApi, startBackend, type TestBackend } from "@/test/harness/gateway-fixtures";
import { freePort, startGatewayProcess, startGatewayThread, startTestGateway, type TestGateway } from "@/test/harness/gateway-process";

/**
 * With ALLOW_PRIVATE_ENDPOINTS off, no server-side request reaches a loopback, private or
 * link-local address: not when the endpoint is saved (422 on its field), not when it is tested, and
 * not through the gateway, which checks the address of each connection it opens (502 101503), so
 * a name that resolves privately, in part, or only after it was saved (DNS rebinding) gets nowhere.
 */
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => session.actor, sessionCtx: async () => ({ actor: session.actor }) }));
const flags = vi.hoisted(() => ({ allowPrivate: false }));
vi.mock("@/lib/config", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/config")>();
  return { ...actual, config: () => ({ ...actual.config(), allowPrivateEndpoints: flags.allowPrivate }) };
});

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

async function call(handler: Handler, as: Actor, { method = "POST", body, params = {} }: { method?: string; body?: unknown; params?: Record<string, unknown> }) {
  session.actor = as;
  const request = new Request("http://localhost/", {
    method,
    headers: { cookie: "next-auth.session-token=test", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return handler(request, { params: Promise.resolve(params) as Promise<never> });
}

const PUBLIC = "93.184.216.34";

/**
 * The test's own resolver for the gateway and outbound fetches: `private.test` is loopback,
 * `mixed.test` is a public and a loopback address, `rebind.test` is public on its first lookup and
 * loopback after (what an attacker's DNS with a short TTL answers).
 */
function testLookup(): HostLookup & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const lookup: HostLookup = async (hostname) => {
    calls[hostname] = (calls[hostname] ?? 0) + 1;
    const v4 = (address: string) => ({ address, family: 4 });
    switch (hostname) {
      case "private.test":
        return [v4("127.0.0.1")];
      case "mixed.test":
        return [v4(PUBLIC), v4("127.0.0.1")];
      case "rebind.test":
        return [v4(calls[hostname] === 1 ? PUBLIC : "127.0.0.1")];
      default:
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    }
  };
  return Object.assign(lookup, { calls });
}

/** This machine's own name, when the system resolver answers it with private addresses only (as /etc/hosts usually does). */
async function privatelyResolvingName(): Promise<string | null> {
  const name = os.hostname();
  const addresses = await dns.lookup(name, { all: true }).catch(() => []);
  return addresses.length > 0 && addresses.every((a) => isBlockedAddress(a.address)) ? name : null;
}

async function closeServer(server: http.Server | undefined) {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

const OPEN = [{ method: "GET" as const, target: "/*", authType: "None" as const }];

describe("the gateway and private backends", () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let port = "";
  const lookup = testLookup();
  let guarded: TestGateway;
  let open: TestGateway;
  const contexts: Record<string, string> = {};

  // Each spelling of the same loopback backend, as a publisher might have saved it.
  const hosts = {
    literal: "127.0.0.1",
    localhost: "localhost",
    trailingDot: "localhost.",
    decimal: "2130706433",
    hex: "0x7f.1",
    octal: "017700000001",
    short: "127.1",
    mapped: "[::ffff:127.0.0.1]",
    unspecified: "0.0.0.0",
    name: "private.test",
    mixed: "mixed.test",
    rebinding: "rebind.test",
  };

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    backend = await startBackend("private");
    port = new URL(backend.url).port;
    for (const [label, host] of Object.entries(hosts)) {
      const api = await createApi(database.db, { production: `http://${host}:${port}`, resources: OPEN });
      contexts[label] = `${api.context}/1.0.0/x`;
    }
    guarded = await startTestGateway(database.db, { allowPrivateEndpoints: false, lookup });
    open = await startTestGateway(database.db, { allowPrivateEndpoints: true });
  });

  afterAll(async () => {
    await guarded?.stop();
    await open?.stop();
    await backend?.close();
    await database?.close();
  });

  async function expectRefused(url: string, label: string) {
    const response = await fetch(url);
    expect(response.status, label).toBe(502);
    const body = (await response.json()) as { code: string; message: string; description: string };
    expect(body.code, label).toBe("101503");
    expect(body.message).toBe("Error connecting to the back end");
    // Nothing about where the backend is, or why it was refused.
    expect(body.description).not.toMatch(/127\.|::|localhost|private|\.test|EPRIVATE|address/i);
  }

  it("refuses every spelling of a loopback backend, and names that resolve to one, without the backend hearing of it", async () => {
    // What the endpoint's check at save time would have seen: the rebinding name looked public then.
    await expect(checkEndpointHosts({ production: { url: `http://${hosts.rebinding}:${port}`, timeoutMs: 1000 } }, lookup)).resolves.toBeUndefined();
    expect(lookup.calls["rebind.test"]).toBe(1);

    for (const label of Object.keys(hosts)) await expectRefused(`${guarded.url}${contexts[label]}`, label);
    // The gateway resolved the rebinding name again when it connected, and got (and refused) loopback.
    expect(lookup.calls["rebind.test"]).toBe(2);
    expect(backend.requests).toHaveLength(0);
  });

  it("checks each new connection, so a refused backend stays refused call after call", async () => {
    for (let i = 0; i < 3; i++) await expectRefused(`${guarded.url}${contexts.name}`, `call ${i}`);
    expect(lookup.calls["private.test"]).toBeGreaterThanOrEqual(3);
    expect(backend.requests).toHaveLength(0);
  });

  it("proxies to the same backends when private endpoints are allowed", async () => {
    for (const label of ["literal", "localhost", "decimal", "hex", "octal", "short"] as const) {
      const response = await fetch(`${open.url}${contexts[label]}`);
      expect(response.status, label).toBe(200);
      expect(((await response.json()) as { path: string }).path).toBe("/x");
    }
    expect(backend.requests).toHaveLength(6);
  });

  it("refuses on the embedded gateway's own thread too when private endpoints are not allowed", async () => {
    const threadPort = await freePort();
    const thread = await startGatewayThread(database.db, { port: threadPort, allowPrivateEndpoints: false });
    const before = backend.requests.length;
    try {
      for (const label of ["literal", "localhost", "decimal", "mapped"] as const) await expectRefused(`http://127.0.0.1:${threadPort}${contexts[label]}`, label);
      expect(backend.requests).toHaveLength(before);
    } finally {
      await thread.stop();
    }
  });
});

describe.skipIf(!testEnv.TEST_DATABASE_URL)("the standalone gateway and private backends", () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let context = "";

  beforeAll(async () => {
    database = await createTestDatabase("pg");
    backend = await startBackend("standalone");
    context = (await createApi(database.db, { production: backend.url, resources: OPEN })).context;
  }, 120_000);

  afterAll(async () => {
    await backend?.close();
    await database?.close();
  });

  it("refuses a loopback backend by default on Postgres, and proxies to it with ALLOW_PRIVATE_ENDPOINTS=true", async () => {
    const env = { DATABASE_URL: database.url!, SECRET_KEY: process.env.SECRET_KEY!, REDIS_URL: "" };
    const guarded = await startGatewayProcess({ ...env, ALLOW_PRIVATE_ENDPOINTS: "" });
    try {
      const response = await fetch(`${guarded.url}${context}/1.0.0/x`);
      expect(response.status).toBe(502);
      expect(((await response.json()) as { code: string }).code).toBe("101503");
      expect(backend.requests).toHaveLength(0);
    } finally {
      await guarded.stop();
    }
    const allowed = await startGatewayProcess({ ...env, ALLOW_PRIVATE_ENDPOINTS: "true" });
    try {
      expect((await fetch(`${allowed.url}${context}/1.0.0/x`)).status).toBe(200);
      expect(backend.requests).toHaveLength(1);
    } finally {
      await allowed.stop();
    }
  }, 120_000);
});

describe("saving and testing endpoints", () => {
  let database: TestDatabase;
  let creator: Actor;
  let server: http.Server;
  let port = 0;
  let requests = 0;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    installDatabase(database);
    creator = await createUser(database.db, { roles: ["creator"], organizationId: await createOrganization(database.db) });
    server = http.createServer((_req, res) => {
      requests++;
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    flags.allowPrivate = false;
    await closeServer(server);
    await database?.close();
  });

  const newApi = (production: string, sandbox?: string) => ({
    name: `Ssrf${uniqueSuffix()}`,
    context: `/ssrf-${uniqueSuffix()}`,
    version: "1.0.0",
    endpoints: { production: { url: production }, ...(sandbox ? { sandbox: { url: sandbox } } : {}) },
    resources: [{ method: "GET", target: "/a" }],
  });

  async function expect422(response: Response, field: string) {
    expect(response.status).toBe(422);
    const body = (await response.json()) as { errors: { field: string; messages: string[] }[] };
    expect(body.errors.map((e) => e.field)).toContain(field);
    expect(body.errors.find((e) => e.field === field)!.messages[0]).toMatch(/not allowed/);
  }

  it("refuses to save an endpoint that is, or whose name resolves to, a private address", async () => {
    for (const url of ["http://localhost:1234", "http://localhost.:1234/", "http://LocalHost:1234", "http://2130706433/", "http://0x7f.1/", "http://[::ffff:169.254.169.254]/", "http://[::]/", "http://0/"]) {
      await expect422(await call(apisRoute.POST, creator, { body: newApi(url) }), "endpoints.production.url");
    }
    await expect422(await call(apisRoute.POST, creator, { body: newApi("https://backend.invalid/", "http://100.64.1.2/") }), "endpoints.sandbox.url");
    const name = await privatelyResolvingName();
    if (name) await expect422(await call(apisRoute.POST, creator, { body: newApi(`http://${name}:${port}/`) }), "endpoints.production.url");
    else console.info(`[endpoint-ssrf] ${os.hostname()} does not resolve privately here: the system-resolver case is left out`);
    expect(requests).toBe(0);
  });

  it("refuses the same on update, accepts a name that does not resolve yet, and accepts private ones when allowed", async () => {
    // A name nothing resolves now: accepted (the gateway checks it on every connection).
    const created = await call(apisRoute.POST, creator, { body: newApi("https://not-yet-published.invalid/v1") });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const update = (url: string) => call(apiRoute.PUT, creator, { method: "PUT", params: { apiId: id }, body: { endpoints: { production: { url } } } });
    await expect422(await update(`http://localhost.:${port}/`), "endpoints.production.url");
    await expect422(await update("http://169.254.169.254/latest/meta-data/"), "endpoints.production.url");
    flags.allowPrivate = true;
    try {
      expect((await update(`http://localhost:${port}/`)).status).toBe(200);
    } finally {
      flags.allowPrivate = false;
    }
  });

  it("tests an endpoint only where it may go: a private one is refused with a 422 and never called", async () => {
    const created = await call(apisRoute.POST, creator, { body: newApi("https://backend.invalid/") });
    const { id } = (await created.json()) as { id: string };
    const test = (body: unknown) => call(endpointTestRoute.POST, creator, { params: { apiId: id }, body });
    for (const url of [`http://localhost.:${port}/`, `http://2130706433:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://0.0.0.0:${port}/`]) {
      const response = await test({ url });
      expect(response.status, url).toBe(422);
      expect(((await response.json()) as { errors: { field: string }[] }).errors[0].field).toBe("url");
    }
    const name = await privatelyResolvingName();
    if (name) expect((await test({ url: `http://${name}:${port}/` })).status).toBe(422);
    expect(requests).toBe(0);

    // Saved while allowed, tested once not: the API's own endpoint is refused the same way.
    flags.allowPrivate = true;
    try {
      expect((await call(apiRoute.PUT, creator, { method: "PUT", params: { apiId: id }, body: { endpoints: { production: { url: `http://localhost:${port}/` } } } })).status).toBe(200);
      const reachable = await test({ keyType: "PRODUCTION" });
      expect(await reachable.json()).toMatchObject({ reachable: true, status: 200 });
      expect(requests).toBe(1);
    } finally {
      flags.allowPrivate = false;
    }
    expect((await test({ keyType: "PRODUCTION" })).status).toBe(422);
    expect(requests).toBe(1);
  });

  it("checks the address it connects to, not only the one it looked up first (DNS rebinding)", async () => {
    const before = requests;
    const lookup = testLookup();
    // The check before the request sees a public address; the connection then resolves to loopback.
    const failure = await outboundFetch(`http://rebind.test:${port}/`, { field: "url", allowPrivate: false, timeoutMs: 2000, lookup }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(describeFetchFailure(failure)).toBe("Refused: the host resolves to a private address.");
    expect(lookup.calls["rebind.test"]).toBe(2);
    // A name with a public and a private address is refused outright, on the field.
    await expect(outboundFetch(`http://mixed.test:${port}/`, { field: "url", allowPrivate: false, timeoutMs: 2000, lookup })).rejects.toMatchObject({
      fieldErrors: { url: [expect.stringMatching(/127\.0\.0\.1/)] },
    });
    expect(requests).toBe(before);
  });
});
