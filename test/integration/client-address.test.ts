import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/db";
import { middleware } from "@/middleware";
import { config, ConfigError, parseConfig, parseEdgeConfig } from "@/lib/config";
import { announce } from "@/lib/events/bus";
import { startGatewayWorker, type GatewayWorker } from "@/lib/gateway/embedded/worker-host";
import {
  CLIENT_ADDRESS_HEADER,
  INTERNAL_TOKEN_HEADER,
  clientAddressOf,
  parseTrustedProxies,
  requestClientAddress,
  type TrustedProxies,
} from "@/lib/http/client-address";
import { createBlockingCondition } from "@/lib/throttling/blocking";
import { createTestDatabase, enabledDrivers, type TestDatabase } from "@/test/harness/databases";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApi, eventually, startBackend, type TestBackend } from "@/test/harness/gateway-fixtures";
import { freePort } from "@/test/harness/gateway-process";
import { portalFront } from "@/server/portal-front";

const TOKEN = "internal-token-for-this-test-0123456789abcdef";

function trusted(value: string): TrustedProxies {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(`bad ${parsed.entry}`);
  return parsed.proxies;
}

describe("the client address rule", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddressOf({ peer: "198.51.100.1", forwardedFor: "203.0.113.9" }, [])).toBe("198.51.100.1");
    expect(clientAddressOf({ peer: "127.0.0.1", forwardedFor: "203.0.113.9, 10.0.0.1" }, [])).toBe("127.0.0.1");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddressOf({ peer: "198.51.100.1", forwardedFor: "203.0.113.9" }, trusted("10.0.0.0/8"))).toBe("198.51.100.1");
    expect(clientAddressOf({ peer: "::ffff:198.51.100.1", forwardedFor: "203.0.113.9" }, trusted("loopback"))).toBe("198.51.100.1");
  });

  it("walks X-Forwarded-For from the right past trusted hops (real_ip_recursive)", () => {
    const proxies = trusted("10.0.0.0/8, 192.168.1.1, loopback");
    expect(clientAddressOf({ peer: "127.0.0.1", forwardedFor: "203.0.113.9" }, proxies)).toBe("203.0.113.9");
    // Whatever the caller wrote sits to the left of what our proxies appended.
    expect(clientAddressOf({ peer: "10.0.0.2", forwardedFor: "1.1.1.1, 203.0.113.9, 192.168.1.1, 10.0.0.3" }, proxies)).toBe("203.0.113.9");
    expect(clientAddressOf({ peer: "10.0.0.2", forwardedFor: ["1.1.1.1, 203.0.113.9", "10.0.0.3"] }, proxies)).toBe("203.0.113.9");
    expect(clientAddressOf({ peer: "10.0.0.2", forwardedFor: "203.0.113.9:41234, [2001:db8::1]:443" }, proxies)).toBe("2001:db8::1");
    // Every hop trusted: the left-most is as far as the chain goes.
    expect(clientAddressOf({ peer: "10.0.0.2", forwardedFor: "10.0.0.7, 10.0.0.3" }, proxies)).toBe("10.0.0.7");
    // A hop that is not an address ends the walk at the last trusted one.
    expect(clientAddressOf({ peer: "10.0.0.2", forwardedFor: "203.0.113.9, garbage, 10.0.0.3" }, proxies)).toBe("10.0.0.3");
    expect(clientAddressOf({ peer: "10.0.0.2", forwardedFor: undefined }, proxies)).toBe("10.0.0.2");
    expect(clientAddressOf({ peer: "::1", forwardedFor: "2001:DB8:0:0:0:0:0:5" }, proxies)).toBe("2001:db8::5");
  });

  it("reads TRUSTED_PROXIES once in the configuration, and names a bad entry", () => {
    expect(parseConfig({ SECRET_KEY: "x".repeat(32) }).clientAddress.trustedProxies).toEqual([]);
    expect(parseConfig({ SECRET_KEY: "x".repeat(32), TRUSTED_PROXIES: "loopback, private, 203.0.113.0/24" }).clientAddress.trustedProxies).toHaveLength(7);
    expect(() => parseConfig({ SECRET_KEY: "x".repeat(32), TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(ConfigError);
    expect(() => parseConfig({ SECRET_KEY: "x".repeat(32), TRUSTED_PROXIES: "proxy.example" })).toThrow(/TRUSTED_PROXIES.*"proxy\.example"/);
    expect(() => parseConfig({ SECRET_KEY: "x".repeat(32), INTERNAL_TOKEN: "short" })).toThrow(/INTERNAL_TOKEN/);
    expect(parseEdgeConfig({ TRUSTED_PROXIES: "loopback", INTERNAL_TOKEN: TOKEN }).clientAddress).toMatchObject({ internalToken: TOKEN });
  });

  it("inside the Next app: the portal server's stamp when it runs in front, else trusted hops only, else one 'unknown'", () => {
    const headers = { [CLIENT_ADDRESS_HEADER]: "203.0.113.5", "x-forwarded-for": "198.51.100.1" };
    expect(requestClientAddress(new Headers(headers), { trustedProxies: [], internalToken: TOKEN })).toBe("203.0.113.5");
    expect(requestClientAddress(new Headers({ "x-forwarded-for": "198.51.100.1" }), { trustedProxies: [], internalToken: TOKEN })).toBe("unknown");
    // Without the portal server (a platform runs Next) a caller's own header means nothing.
    expect(requestClientAddress(headers, { trustedProxies: [] })).toBe("unknown");
    expect(requestClientAddress(headers, { trustedProxies: trusted("10.0.0.0/8") })).toBe("198.51.100.1");
  });
});

/** The portal server as server/start.ts runs it, with a stand-in for Next that answers with the headers it was given. */
async function startPortal(proxies: TrustedProxies) {
  const next = (req: http.IncomingMessage, res: http.ServerResponse) => res.end(JSON.stringify(req.headers));
  const server = http.createServer(portalFront(next, { publicUrl: "http://localhost:3000", gatewayPublicUrl: "http://localhost:8280", TRUSTED_PROXIES: proxies }, false));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function headersSeen(url: string, headers: Record<string, string>): Promise<Record<string, string>> {
  return (await (await fetch(url, { headers })).json()) as Record<string, string>;
}

describe("the portal server's stamp", () => {
  it("replaces a forged client-address header and ignores X-Forwarded-For from an untrusted peer", async () => {
    const portal = await startPortal([]);
    try {
      const seen = await headersSeen(portal.url, { [CLIENT_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "203.0.113.77", [INTERNAL_TOKEN_HEADER]: "guess" });
      expect(seen[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
      expect(seen[INTERNAL_TOKEN_HEADER]).toBeUndefined();
      // Every forged X-Forwarded-For lands in the same bucket: the peer's.
      const again = await headersSeen(portal.url, { "x-forwarded-for": "198.51.100.200" });
      expect(again[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
    } finally {
      await portal.close();
    }
  });

  it("takes the right-most untrusted X-Forwarded-For hop when the peer is a trusted proxy", async () => {
    const portal = await startPortal(trusted("127.0.0.1, 10.0.0.0/8"));
    try {
      const seen = await headersSeen(portal.url, { [CLIENT_ADDRESS_HEADER]: "1.2.3.4", "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.1.2.3" });
      expect(seen[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.7");
    } finally {
      await portal.close();
    }
  });
});

const driver = enabledDrivers().includes("pg") ? "pg" : "pglite";

describe(`the caller's address through /gw to the gateway listener [${driver}]`, () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let worker: GatewayWorker;
  let gateway = "";
  let context = "";
  const savedToken = process.env.INTERNAL_TOKEN;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    installDatabase(database);
    const db = database.db;
    backend = await startBackend("client-address");
    const api = await createApi(db, { production: backend.url, resources: [{ method: "GET", target: "/*", authType: "None" }] });
    context = api.context;
    const admin = ctxFor(db, await createUser(db, { roles: ["admin"] }));
    await createBlockingCondition({ ctx: admin, input: { type: "IP", value: "203.0.113.7" } });
    const port = await freePort();
    // The embedded gateway on its thread, as `npm start` starts it with its internal token.
    worker = await startGatewayWorker({
      db,
      mount: "embedded",
      issuer: config().publicUrl,
      trustedOrigins: [],
      limiterFailureMode: "open",
      listen: { port, host: "127.0.0.1" },
      addressing: { internalToken: TOKEN, trustedProxies: [] },
      entry: { file: path.resolve(__dirname, "../../server/gateway-worker.ts"), typescript: true },
    });
    gateway = `http://127.0.0.1:${port}`;
    await announce({ type: "api.changed", apiId: api.id });
    // The middleware reads its token from the Edge configuration, as start.ts puts it in the environment.
    process.env.INTERNAL_TOKEN = TOKEN;
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("portcullis.edge-config")];
  });

  afterAll(async () => {
    if (savedToken === undefined) delete process.env.INTERNAL_TOKEN;
    else process.env.INTERNAL_TOKEN = savedToken;
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("portcullis.edge-config")];
    await worker?.stop();
    await backend?.close();
    await database?.close();
  });

  const call = (headers: Record<string, string>) => fetch(`${gateway}${context}/1.0.0/x`, { headers });

  it("blocks by the address the portal passes with the token, and by nothing a caller sends without it", async () => {
    await eventually(async () => expect((await call({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7", [INTERNAL_TOKEN_HEADER]: TOKEN })).status).toBe(403), 3000);
    // The same address from a caller talking to the gateway port itself: no token, no effect.
    expect((await call({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7" })).status).toBe(200);
    expect((await call({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7", [INTERNAL_TOKEN_HEADER]: "x".repeat(TOKEN.length) })).status).toBe(200);
    expect((await call({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7", [INTERNAL_TOKEN_HEADER]: `${TOKEN}x` })).status).toBe(200);
    // Another address passed by the portal is not blocked.
    expect((await call({ [CLIENT_ADDRESS_HEADER]: "203.0.113.8", [INTERNAL_TOKEN_HEADER]: TOKEN })).status).toBe(200);
    // Neither header reaches a backend.
    const forwarded = backend.requests.at(-1)!.headers;
    expect(forwarded[CLIENT_ADDRESS_HEADER]).toBeUndefined();
    expect(forwarded[INTERNAL_TOKEN_HEADER]).toBeUndefined();
  });

  it("portal server → middleware rewrite → listener: the caller's own address decides, not the loopback peer", async () => {
    // What the portal server stamped on the request (its socket peer); the middleware sees these headers.
    const viaPortal = async (peerHeaders: Record<string, string>) => {
      const request = new NextRequest(`http://localhost:3000/gw${context}/1.0.0/x`, { headers: peerHeaders });
      const rewrite = middleware(request, { waitUntil: () => {} } as unknown as NextFetchEvent) as Response;
      const target = rewrite.headers.get("x-middleware-rewrite")!;
      expect(new URL(target).pathname).toBe(`${context}/1.0.0/x`);
      // Next applies these request-header overrides before proxying the rewrite.
      const overridden = rewrite.headers.get("x-middleware-override-headers")!.split(",");
      const headers: Record<string, string> = {};
      for (const name of overridden) {
        const value = rewrite.headers.get(`x-middleware-request-${name}`);
        if (value !== null) headers[name] = value;
      }
      return fetch(target.replace(/^http:\/\/127\.0\.0\.1:\d+/, gateway), { headers });
    };
    await eventually(async () => expect((await viaPortal({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7" })).status).toBe(403), 3000);
    expect((await viaPortal({ [CLIENT_ADDRESS_HEADER]: "198.51.100.9" })).status).toBe(200);
    // A caller's own token is dropped and replaced by the real one, so it cannot pick its address either.
    expect((await viaPortal({ [CLIENT_ADDRESS_HEADER]: "198.51.100.9", [INTERNAL_TOKEN_HEADER]: "mine" })).status).toBe(200);
  });
});
