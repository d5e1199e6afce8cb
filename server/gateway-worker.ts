import { parentPort, workerData } from "node:worker_threads";
import { config } from "@/lib/config";
// pino becomes this thread's log sink (a worker does not share the main thread's globalThis).
import "@/lib/log";
import { serveGatewayWorker } from "@/lib/gateway/embedded/worker-data-plane";
import type { GatewayWorkerInit } from "@/lib/gateway/embedded/worker-protocol";
import { gatewayLimiter } from "./gateway-limiter";
import { listen } from "./lifecycle";

/**
 * The embedded gateway's thread (started by `npm start`, lib/gateway/embedded/worker-host.ts). It reads
 * the same environment as the main thread, which has already checked it.
 */
async function main() {
  const port = parentPort;
  if (!port) throw new Error("gateway-worker runs as a worker thread of `npm start`");
  const init = workerData as GatewayWorkerInit;
  try {
    await serveGatewayWorker({
      port,
      init,
      limiter: gatewayLimiter(config()),
      listen: (server) => listen(server, init.listen.port, init.listen.host, "GATEWAY_PORT"),
    });
  } catch (error) {
    port.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
}

void main();
