import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { logStartup, printForHumans } from "@/lib/log";
import { loadConfigOrExit } from "./load-config";
import { ensureProductionBuild } from "./build";
import { keepServingWithoutOutput, listen, onShutdown } from "./lifecycle";

/**
 * `npm start`: the whole product in one process on the embedded default — builds if needed,
 * migrates, creates the first admin, serves the portals on PORT and the gateway on GATEWAY_PORT.
 */
async function main() {
  keepServingWithoutOutput();
  const dev = process.argv.includes("--dev");
  const root = path.resolve(__dirname, "..");
  // Lets the gateway listener believe the caller's address that this process passes with a /gw
  // rewrite, and tells the Next app that this server stamped every request's address (client-address.ts).
  process.env.INTERNAL_TOKEN ||= randomBytes(32).toString("base64url");
  const env = await loadConfigOrExit();
  // next-auth reads these itself: the public URL when given, else the request's own host.
  if (env.PUBLIC_URL) process.env.NEXTAUTH_URL = env.publicUrl;
  else process.env.AUTH_TRUST_HOST ??= "true";

  // The database first: a wrong DATABASE_URL should fail in a second, not after a build.
  const { bootstrap } = await import("./bootstrap");
  const { handle, stopAnalytics } = await bootstrap(env);

  if (!dev) ensureProductionBuild(root);

  // The gateway first: it needs only the database, so apps get answers while Next is still preparing.
  const { startEmbeddedGateway } = await import("./gateway-runtime");
  const gateway = await startEmbeddedGateway(env, handle.db);

  const { default: next } = await import("next");
  const app = next({ dev, dir: root, hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  // The caller's address and the security headers first; then request ids and trace context for
  // portal requests, with spans exported when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const { portalFront } = await import("./portal-front");
  const front = portalFront(nextHandler, env, dev);
  const { tracePortalRequests } = await import("@/lib/observability/tracing");
  const traced = tracePortalRequests((req, res) => void front(req, res), env.OTEL_EXPORTER_OTLP_ENDPOINT ? { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME } : null);
  const portal = http.createServer(traced.handler);
  await listen(portal, env.PORT, env.HOST, "PORT");
  const statusUrl = gateway.statusPort === null ? "off" : `http://${env.HOST}:${gateway.statusPort}`;
  logStartup(
    "portcullis",
    { database: handle.driver, mode: dev ? "development" : "production", portals: env.publicUrl, gateway: env.gatewayPublicUrl, status: statusUrl },
    `Portcullis is up (${handle.driver} database, ${dev ? "development" : "production"} mode): portals ${env.publicUrl}, gateway ${env.gatewayPublicUrl}, gateway status ${statusUrl}`,
  );

  // The gateway thread drains its own connections while the portal drains these.
  onShutdown([portal, { drain: gateway.stop }], async () => {
    await stopAnalytics();
    await traced.shutdown();
    const { setEventTransport } = await import("@/lib/events/bus");
    setEventTransport(null);
    await app.close?.();
    const { closeDatabase } = await import("@/db");
    await closeDatabase();
  });
}

main().catch((error) => {
  printForHumans("stderr", error instanceof Error ? `Portcullis could not start: ${error.message}` : String(error));
  process.exit(1);
});
