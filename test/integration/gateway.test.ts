import http from "node:http";
import { expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import { config } from "@/lib/config";
import { createGatewayServer } from "@/lib/gateway/node/node-listener";
import { startStandaloneGateway } from "@/lib/gateway/standalone/standalone-gateway";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import { createTestDatabase, enabledDrivers } from "@/test/harness/databases";
import { freePort, startGatewayThread } from "@/test/harness/gateway-process";
import { defineGatewaySuite } from "./gateway-suite";

const PORTAL_ORIGIN = "http://portal.example";

/** Mount (a): the runtime and lean listener of `npm start`, in this process, on every enabled driver. */
for (const driver of enabledDrivers()) {
  defineGatewaySuite({
    name: `mount (a) [${driver}]`,
    label: driver,
    propagationMs: 1000,
    usageWithinMs: 1000,
    createDatabase: () => createTestDatabase(driver),
    streaming: { uploadBytes: 50 * 1024 * 1024, downloadMiB: 50, keepsContentLength: true },
    signsBackendJwt: true,
    async start(database) {
      const runtime = await startStandaloneGateway({
        db: database.db,
        mount: "embedded",
        issuer: config().publicUrl,
        trustedOrigins: [PORTAL_ORIGIN],
        limiter: new MemoryLimiter(),
        limiterFailureMode: "open",
      });
      const server: http.Server = createGatewayServer(runtime.handler);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return {
        gateway: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        portalOrigin: PORTAL_ORIGIN,
        flushUsage: runtime.flushUsage,
        gatewayId: runtime.gatewayId,
        async stop() {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
          await runtime.stop();
        },
      };
    },
    extraCases({ gateway, tokens, label }) {
      it("passes a GET on without the body a client sent with it, and without its Content-Length", async () => {
        // fetch cannot send a GET with a body; a raw client can.
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const request = http.request(`${gateway()}/shop-${label}/1.0.0/echo/get-with-body`, {
            method: "GET",
            headers: { authorization: `Bearer ${tokens().production}`, "content-type": "text/plain", "content-length": "5" },
          });
          request.on("response", (response) => {
            let body = "";
            response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => resolve({ status: response.statusCode!, body }));
          });
          request.on("error", reject);
          request.end("hello");
        });
        expect(answer.status).toBe(200);
        const echoed = JSON.parse(answer.body) as { path: string; headers: Record<string, string> };
        expect(echoed.path).toBe("/echo/get-with-body");
        expect(echoed.headers["content-length"]).toBeUndefined();
      });
    },
  });
}

/**
 * Mount (a) as `npm start` runs it: the pipeline and listener on a worker thread (the entry
 * `npm start` bundles, here through tsx), its services on this thread. On PGlite, the embedded mode's database.
 */
defineGatewaySuite({
  name: "mount (a) on its own thread [pglite]",
  label: "thread",
  propagationMs: 1000,
  usageWithinMs: 1000,
  createDatabase: () => createTestDatabase("pglite"),
  streaming: { uploadBytes: 50 * 1024 * 1024, downloadMiB: 50, keepsContentLength: true },
  signsBackendJwt: true,
  async start(database) {
    const port = await freePort();
    const gateway = await startGatewayThread(database.db, { port, trustedOrigins: [PORTAL_ORIGIN] });
    return {
      gateway: `http://127.0.0.1:${port}`,
      portalOrigin: PORTAL_ORIGIN,
      flushUsage: gateway.flushUsage,
      gatewayId: gateway.gatewayId,
      stop: gateway.stop,
    };
  },
  extraCases({ gateway }) {
    it("names the variable to change when its port is taken", async () => {
      const port = Number(new URL(gateway()).port);
      const database = await createTestDatabase("pglite");
      try {
        await expect(startGatewayThread(database.db, { port })).rejects.toThrow(`port ${port} is already in use; set GATEWAY_PORT to a free port.`);
      } finally {
        await database.close();
      }
    });
  },
});
