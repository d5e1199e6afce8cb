import http from "node:http";
import { logger } from "@/lib/observability/log-core";
import type { GatewayStatus } from "./status";

const log = logger("gateway");

/**
 * The status listener on GATEWAY_STATUS_PORT: /healthz, /readyz and /metrics, on a port of its own
 * so that no API context on the traffic port can shadow them and metrics are not public by default.
 */
export function createStatusServer(status: GatewayStatus): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { error: "method not allowed" }, { allow: "GET, HEAD" });
    switch (path) {
      case "/healthz":
        return json(res, 200, { status: "ok" });
      case "/readyz": {
        const readiness = status.readiness();
        return json(res, readiness.ready ? 200 : 503, readiness);
      }
      case "/metrics":
        status.metrics.registry.metrics().then(
          (text) => {
            res.writeHead(200, { "content-type": status.metrics.registry.contentType, "cache-control": "no-store" });
            res.end(req.method === "HEAD" ? undefined : text);
          },
          (error: unknown) => {
            log.error({ err: error }, "cannot collect the metrics");
            json(res, 500, { error: "cannot collect the metrics" });
          },
        );
        return;
      default:
        return json(res, 404, { error: "not found", paths: ["/healthz", "/readyz", "/metrics"] });
    }
  });
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

/** Listens on `port` (0: any free one) and resolves with the port it got. */
export function listenStatus(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`port ${port} is already in use; set GATEWAY_STATUS_PORT to a free port (0 turns the status listener off).`));
      else reject(error);
    });
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}
