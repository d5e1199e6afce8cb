import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig, parseEdgeConfig } from "@/lib/config";
import { deleteKeys, testRedisUrl, uniqueRedisPrefix } from "@/test/harness/redis";
import { startUpstashBridge, type UpstashBridge } from "@/test/harness/upstash-bridge";
import { assembleSnapshot } from "../snapshot/assemble";
import { publishSnapshot, sharedKeys } from "../snapshot/shared-snapshot";
import { decodeUsage } from "../node/usage-drain";
import { edgeClientIp, handleEdgeGateway } from "./index";

/**
 * The Edge mount's own logic, run here in Node against the Upstash REST bridge (the Edge sandbox
 * itself is exercised by test/integration/gateway-edge.test.ts through `next start`).
 */
describe.skipIf(!testRedisUrl)("the Edge gateway module", () => {
  let bridge: UpstashBridge;
  let backend: http.Server;
  let backendUrl = "";
  const prefix = uniqueRedisPrefix("edge-unit");
  const keys = sharedKeys(prefix);
  const saved = { ...process.env };
  let redis: Redis;

  const resetIsolate = () => {
    for (const key of ["portcullis.gateway.edge", "portcullis.edge-config"]) delete (globalThis as Record<symbol, unknown>)[Symbol.for(key)];
  };

  beforeAll(async () => {
    bridge = await startUpstashBridge(testRedisUrl!);
    backend = http.createServer((req, res) => res.end(JSON.stringify({ path: req.url, forwardedFor: req.headers["x-forwarded-for"] })));
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    Object.assign(process.env, {
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: bridge.token,
      REDIS_KEY_PREFIX: prefix,
      PUBLIC_URL: "http://portal.example",
      // The backend here is on loopback.
      ALLOW_PRIVATE_ENDPOINTS: "true",
      // As on a platform: the Edge code cannot see the socket, and the platform's proxies are 10/8.
      TRUSTED_PROXIES: "10.0.0.0/8",
    });
    redis = new Redis({ url: bridge.url, token: bridge.token, automaticDeserialization: false, enableTelemetry: false });
    resetIsolate();
  });

  afterAll(async () => {
    resetIsolate();
    for (const key of ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "REDIS_KEY_PREFIX", "PUBLIC_URL", "ALLOW_PRIVATE_ENDPOINTS", "TRUSTED_PROXIES"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    backend?.closeAllConnections();
    await new Promise((resolve) => backend?.close(resolve));
    await bridge?.close();
    await deleteKeys(testRedisUrl!, prefix);
  });

  it("answers the SPEC's 404 until a snapshot is published, then serves it and queues usage for the Node drain", async () => {
    const pending: Promise<unknown>[] = [];
    const waitUntil = (promise: Promise<unknown>) => void pending.push(promise);
    const request = () => new Request("http://portal.example/gw/open/1.0.0/x?y=1", { headers: { "x-forwarded-for": "203.0.113.7, 10.0.0.1" } });

    const before = await handleEdgeGateway(request(), waitUntil);
    expect(before.status).toBe(404);
    expect(await before.json()).toMatchObject({ code: "404", message: "Not Found" });

    const snapshot = assembleSnapshot({
      version: 1,
      builtAt: Date.now(),
      apis: [
        {
          id: "0b7c6f4e-1d2a-4c3b-9e8f-7a6b5c4d3e2f",
          name: "Open",
          context: "/open",
          version: "1.0.0",
          state: "PUBLISHED",
          isDefaultVersion: true,
          resources: [{ method: "GET", target: "/*", authType: "None", throttlingTier: "Unlimited", scopes: [] }],
          endpoints: { PRODUCTION: { url: backendUrl, timeoutMs: 2000 } },
          cors: null,
          sendBackendJwt: false,
          apiThrottlingTier: null,
        },
      ],
      subscriptions: [],
      applications: [],
      activeClients: [],
      revoked: [],
      jwks: { keys: [] },
      blocking: [],
      policies: [["UNAUTHENTICATED:Unauthenticated", { limit: 500, windowMs: 60_000 }]],
    });
    await publishSnapshot({ get: (key) => redis.get<string>(key), set: (key, value) => redis.set(key, value) }, snapshot, "unit", keys);

    // The isolate re-reads the version at most once a second.
    let response: Response | undefined;
    const deadline = Date.now() + 3000;
    do {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await handleEdgeGateway(request(), waitUntil);
    } while (response.status === 404 && Date.now() < deadline);
    expect(response.status).toBe(200);
    // The platform's X-Forwarded-For already names the caller: it reaches the backend unchanged.
    expect(await response.json()).toEqual({ path: "/x?y=1", forwardedFor: "203.0.113.7, 10.0.0.1" });
    expect(response.headers.get("x-ratelimit-limit")).toBe("500");

    await Promise.all(pending);
    const queued = (await redis.lpop<string[]>(keys.usage, 100)) ?? [];
    const events = queued.map(decodeUsage);
    expect(events.length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ context: "/open", status: 200, clientIp: "203.0.113.7", gatewayId: expect.stringMatching(/^edge:/) });
    expect(events.at(-1)!.at).toBeInstanceOf(Date);
  });

  it("decides the path under /gw as the Node listener does (after the test above published the snapshot)", async () => {
    const call = (path: string) => handleEdgeGateway(new Request(`http://portal.example${path}`), () => {});
    for (const [path, backendPath] of [
      ["/gw/open/1.0.0/a/%2e%2e/x?y=1", "/x?y=1"],
      ["/gw/open/1.0.0//x", "/x"],
      ["/gw/open/1.0.0/%7ex", "/~x"],
    ]) {
      const response = await call(path);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ path: backendPath });
    }
    for (const path of ["/gw/open/1.0.0/..%2fx", "/gw/open/1.0.0/a/..;/x", "/gw/open/1.0.0/%c0%ae%c0%ae/x", "/gw/open/1.0.0/%zz"]) {
      const response = await call(path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "400", message: "Bad Request" });
    }
    expect((await call("/gwopen/1.0.0/x")).status).toBe(404);
  });

  it("refuses the loopback backend (502 101503) unless ALLOW_PRIVATE_ENDPOINTS is set: off by default on the Edge", async () => {
    delete process.env.ALLOW_PRIVATE_ENDPOINTS;
    resetIsolate();
    try {
      // The snapshot the first case published is still in Upstash.
      const response = await handleEdgeGateway(new Request("http://portal.example/gw/open/1.0.0/x"), () => undefined);
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ code: "101503", message: "Error connecting to the back end" });
    } finally {
      process.env.ALLOW_PRIVATE_ENDPOINTS = "true";
      resetIsolate();
    }
  });

  it("takes the caller's address by the one client-address rule: trusted hops of X-Forwarded-For, or the portal server's stamp", () => {
    const on = (headers: Record<string, string>, env: Record<string, string>) =>
      edgeClientIp(new Request("http://x/", { headers }), parseEdgeConfig(env));
    const platform = { TRUSTED_PROXIES: "10.0.0.0/8" };
    expect(on({ "x-forwarded-for": " 198.51.100.1 , 10.0.0.2" }, platform)).toBe("198.51.100.1");
    // A hop the caller wrote to the left of the one our proxy appended is not believed.
    expect(on({ "x-forwarded-for": "192.0.2.66, 198.51.100.1, 10.0.0.2" }, platform)).toBe("198.51.100.1");
    expect(on({ "x-real-ip": "198.51.100.2" }, platform)).toBe("unknown");
    // No proxy trusted: whatever the caller claims, it is one "unknown" caller, not a fresh address per claim.
    expect(on({ "x-forwarded-for": "198.51.100.1" }, {})).toBe("unknown");
    // Behind Portcullis's own server, the address it stamped (and only that).
    const stamped = { INTERNAL_TOKEN: "t".repeat(32) };
    expect(on({ "x-portcullis-client-ip": "::ffff:203.0.113.5", "x-forwarded-for": "198.51.100.1" }, stamped)).toBe("203.0.113.5");
    expect(on({ "x-forwarded-for": "198.51.100.1" }, stamped)).toBe("unknown");
  });
});

describe("the Edge configuration", () => {
  it("computes the issuer as the Node processes do, and turns the gateway on only with both Upstash variables", () => {
    expect(parseEdgeConfig({})).toMatchObject({
      publicUrl: "http://localhost:3000",
      gatewayInternalUrl: "http://127.0.0.1:8280",
      upstash: null,
      rateLimitFailureMode: "open",
      keyPrefix: "portcullis",
    });
    expect(parseEdgeConfig({ PORT: "4000", PUBLIC_URL: "" }).publicUrl).toBe(parseConfig({ SECRET_KEY: "x".repeat(32), PORT: "4000" }).publicUrl);
    expect(parseEdgeConfig({ PUBLIC_URL: "https://apis.example/", UPSTASH_REDIS_REST_URL: "https://u.example" })).toMatchObject({ publicUrl: "https://apis.example", upstash: null });
    expect(parseEdgeConfig({ UPSTASH_REDIS_REST_URL: "https://u.example", UPSTASH_REDIS_REST_TOKEN: "t", RATE_LIMIT_FAILURE_MODE: "closed", REDIS_KEY_PREFIX: "staging" })).toMatchObject({
      upstash: { url: "https://u.example", token: "t" },
      rateLimitFailureMode: "closed",
      keyPrefix: "staging",
    });
    expect(() => parseEdgeConfig({ REDIS_KEY_PREFIX: "has space" })).toThrow();
  });
});
