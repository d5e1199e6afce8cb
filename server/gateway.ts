import { drainServer } from "@/lib/http/drain-server";
import { logStartup, printForHumans } from "@/lib/log";
import { loadConfigOrExit } from "./load-config";
import { keepServingWithoutOutput, listen, onShutdown } from "./lifecycle";

/**
 * `npm run gateway`: a standalone gateway process (mount b) for scaling out beside portal processes.
 * It shares Postgres (snapshot, change events over LISTEN/NOTIFY) and Redis (rate limits).
 */
async function main() {
  keepServingWithoutOutput();
  const env = await loadConfigOrExit();
  if (env.databaseDriver === "pglite") {
    printForHumans("stderr", "npm run gateway needs DATABASE_URL: a standalone gateway shares the portal's Postgres. In the embedded mode `npm start` already serves the gateway.");
    process.exit(1);
  }
  // The status listener first: /healthz answers and /readyz says why it is not ready while the snapshot builds.
  const { GatewayStatus } = await import("@/lib/gateway/status/status");
  const { createStatusServer, listenStatus } = await import("@/lib/gateway/status/server");
  const status = new GatewayStatus(env.RATE_LIMIT_FAILURE_MODE);
  const statusServer = env.gatewayStatusPort === null ? null : createStatusServer(status);
  const statusPort = statusServer ? await listenStatus(statusServer, env.gatewayStatusPort!, env.HOST) : null;

  const { bootstrapGateway } = await import("./bootstrap");
  const { handle } = await bootstrapGateway(env);
  const { startGateway } = await import("./gateway-runtime");
  const runtime = await startGateway(env, handle.db, status);
  const { createGatewayServer } = await import("@/lib/gateway/node/node-listener");
  const server = createGatewayServer(runtime.handler, env.gatewayListenerLimits, { internalToken: env.INTERNAL_TOKEN, trustedProxies: env.TRUSTED_PROXIES });
  await listen(server, env.GATEWAY_PORT, env.HOST, "GATEWAY_PORT");
  logStartup(
    "gateway",
    { gatewayId: runtime.gatewayId, port: env.GATEWAY_PORT, statusPort, snapshotVersion: runtime.store.current.version },
    `Portcullis gateway ${runtime.gatewayId} listening on ${env.HOST}:${env.GATEWAY_PORT} (snapshot v${runtime.store.current.version}; status ${statusPort === null ? "off" : `on ${statusPort}`})`,
  );
  // Not ready from the signal on; the status listener answers until the traffic has drained.
  const traffic = { drain: () => ((status.stopping = true), drainServer(server, 10_000)) };
  onShutdown([traffic], async () => {
    await runtime.stop();
    statusServer?.close();
    const { setEventTransport } = await import("@/lib/events/bus");
    setEventTransport(null);
    const { closeDatabase } = await import("@/db");
    await closeDatabase();
  });
}

main().catch((error) => {
  printForHumans("stderr", error instanceof Error ? `The gateway could not start: ${error.message}` : String(error));
  process.exit(1);
});
