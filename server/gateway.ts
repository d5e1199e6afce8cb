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
    console.error("npm run gateway needs DATABASE_URL: a standalone gateway shares the portal's Postgres. In the embedded mode `npm start` already serves the gateway.");
    process.exit(1);
  }
  const { bootstrapGateway } = await import("./bootstrap");
  const { handle } = await bootstrapGateway(env);
  const { startGateway } = await import("./gateway-runtime");
  const runtime = await startGateway(env, handle.db);
  const { createGatewayServer } = await import("@/lib/gateway/node-listener");
  const server = createGatewayServer(runtime.handler, { internalToken: env.INTERNAL_TOKEN, trustedProxies: env.TRUSTED_PROXIES });
  await listen(server, env.GATEWAY_PORT, env.HOST, "GATEWAY_PORT");
  console.log(`Portcullis gateway ${runtime.gatewayId} listening on ${env.HOST}:${env.GATEWAY_PORT} (snapshot v${runtime.store.current.version})`);
  onShutdown([server], async () => {
    await runtime.stop();
    const { setEventTransport } = await import("@/lib/events/bus");
    setEventTransport(null);
    const { closeDatabase } = await import("@/db");
    await closeDatabase();
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? `The gateway could not start: ${error.message}` : error);
  process.exit(1);
});
