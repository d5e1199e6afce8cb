import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { config } from "@/lib/config";
import { setEventTransport } from "@/lib/events/bus";
import { postgresTransport } from "@/lib/events/postgres-transport";
import { createTestDatabase } from "@/test/harness/databases";
import { testEnv } from "@/test/harness/env";
import { startProductProcess, type ProductProcess } from "@/test/harness/gateway-process";
import { startNeonBridge, type NeonBridge } from "@/test/harness/neon-bridge";
import { deleteKeys, testRedisUrl, uniqueRedisPrefix } from "@/test/harness/redis";
import { startUpstashBridge, type UpstashBridge } from "@/test/harness/upstash-bridge";
import { defineGatewaySuite } from "./gateway-suite";

/**
 * Mount (c): the product as `npm start` runs it, in a child process, with DATABASE_DRIVER=neon
 * (through the Neon WebSocket bridge) and Upstash (through the REST bridge in front of the test
 * Redis). `/gw/…` on the portal's port is then served by middleware.ts itself on the Edge runtime:
 * the snapshot comes from Upstash, limits are counted there, usage goes back through it. The
 * rewrite to the gateway listener is pointed at a dead port, so nothing can pass that way.
 */
const unavailable = !testEnv.TEST_DATABASE_URL || !testRedisUrl ? "needs TEST_DATABASE_URL and TEST_REDIS_URL" : undefined;

let product: ProductProcess | undefined;
let neon: NeonBridge | undefined;
let upstash: UpstashBridge | undefined;
let prefix = "";
let dataDir = "";

defineGatewaySuite({
  name: "mount (c) [Edge middleware; neon + upstash]",
  label: "edge",
  unavailable,
  // The product builds the portals first when the sources changed (minutes on a 2-core machine).
  setupTimeoutMs: 660_000,
  // NOTIFY, rebuild over the Neon bridge, publish to Upstash, then an isolate re-reads at most once a second.
  propagationMs: 3000,
  // The Edge pushes usage to Upstash after each response; a Node process drains it every second
  // into its recorder, which writes every second.
  usageWithinMs: 10_000,
  createDatabase: () => createTestDatabase("pg"),
  // Measured here with `next start` (16.4.5): Next hands middleware a request body as it arrives, but
  // cuts it at experimental.proxyClientMaxBodySize (10 MiB by default; a 50 MiB upload reached the
  // backend as exactly 10485760 bytes, silently) while it buffers a copy for the route it might call
  // next. Responses stream (the gated download proves it) but lose their Content-Length (Next sends
  // middleware answers chunked). So this mount streams 8 MiB up, 50 MiB down.
  streaming: { uploadBytes: 8 * 1024 * 1024, downloadMiB: 50, keepsContentLength: false, note: "Next cuts middleware request bodies at 10 MiB" },
  // An Edge isolate holds no signing key (its snapshot carries public keys only).
  signsBackendJwt: false,
  async start(database) {
    // The test process's control-plane events (revocations, changes) reach the product over NOTIFY.
    setEventTransport(postgresTransport(database));
    const server = new URL(testEnv.TEST_DATABASE_URL!);
    neon = await startNeonBridge(`${server.hostname === "localhost" ? "127.0.0.1" : server.hostname}:${server.port || "5432"}`);
    upstash = await startUpstashBridge(testRedisUrl!);
    prefix = uniqueRedisPrefix("edge");
    dataDir = mkdtempSync(path.join(os.tmpdir(), "portcullis-edge-"));
    product = await startProductProcess({
      DATABASE_URL: database.url!,
      DATABASE_DRIVER: "neon",
      NEON_WS_PROXY: neon.proxy,
      UPSTASH_REDIS_REST_URL: upstash.url,
      UPSTASH_REDIS_REST_TOKEN: upstash.token,
      REDIS_KEY_PREFIX: prefix,
      REDIS_URL: "",
      SECRET_KEY: process.env.SECRET_KEY!,
      // Tokens minted here carry this process's issuer.
      PUBLIC_URL: config().publicUrl,
      DATA_DIR: dataDir,
      // Where the embedded mode's rewrite would go: a port nothing listens on.
      GATEWAY_INTERNAL_URL: "http://127.0.0.1:9",
      // The suite's backends are on loopback.
      ALLOW_PRIVATE_ENDPOINTS: "true",
    });
    const gateway = `${product.url}/gw`;
    console.info(`[gateway-edge] the product started in ${(product.startup.ms / 1000).toFixed(1)} s${product.startup.built ? ` (${(product.startup.afterBuildMs / 1000).toFixed(1)} s after building the portals)` : ""}`);
    // The first /gw request loads the middleware into its sandbox; wait until it serves the snapshot.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await fetch(`${gateway}/shop-edge/public`).catch(() => null);
      if (response?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`the Edge gateway did not serve /shop-edge/public (last status ${response?.status}):\n${product.output().slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.info(`[gateway-edge] the Edge gateway served its first call ${((Date.now() - deadline + 30_000) / 1000).toFixed(1)} s later`);
    return {
      gateway,
      portalOrigin: new URL(config().publicUrl).origin,
      // Nothing to flush from here: the Edge pushes, the product drains.
      flushUsage: async () => {},
      gatewayId: /^edge:[0-9a-f]{8}$/,
      async stop() {
        setEventTransport(null);
        await product?.stop();
        await upstash?.close();
        await neon?.close();
        if (prefix) await deleteKeys(testRedisUrl!, prefix);
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
  extraCases({ call }) {
    it("runs in the middleware itself: limits, snapshot reads and usage all went through Upstash", async () => {
      expect((await call("/shop-edge/public")).status).toBe(200);
      const commands = upstash!.commands;
      // The Node process published (SET) and drains (LPOP); the Edge read (GET), limited (EVALSHA/EVAL) and queued usage (RPUSH).
      for (const name of ["set", "get", "rpush", "lpop"]) expect(commands.get(name) ?? 0, name).toBeGreaterThan(0);
      expect((commands.get("evalsha") ?? 0) + (commands.get("eval") ?? 0)).toBeGreaterThan(0);
      // And the rewrite to the gateway listener leads nowhere here, so it cannot have served anything.
      expect(product!.output()).not.toMatch(/ECONNREFUSED 127\.0\.0\.1:9\b/);
    });

    it("leaves /oauth2 and /.well-known to the app", async () => {
      const discovery = await fetch(`${product!.url}/.well-known/oauth-authorization-server`);
      expect(discovery.status).toBe(200);
      expect(await discovery.json()).toMatchObject({ issuer: config().publicUrl });
      const jwks = await fetch(`${product!.url}/oauth2/jwks`);
      expect(jwks.status).toBe(200);
      expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    });
  },
});
