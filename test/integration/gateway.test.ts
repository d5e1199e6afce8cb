import type http from "node:http";
import type { AddressInfo } from "node:net";
import { config } from "@/lib/config";
import { createGatewayServer } from "@/lib/gateway/node-listener";
import { startGatewayRuntime } from "@/lib/gateway/node/runtime";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import { createTestDatabase, enabledDrivers } from "@/test/harness/databases";
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
    async start(database) {
      const runtime = await startGatewayRuntime({
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
  });
}
