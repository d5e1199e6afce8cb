import type http from "node:http";
import type { MessagePort } from "node:worker_threads";
import { drainServer } from "@/lib/http/drain-server";
import type { Limiter } from "@/lib/throttling/limiter";
import { createGatewayServer } from "../node/node-listener";
import { createStatusServer, listenStatus } from "../status/server";
import { GatewayStatus } from "../status/status";
import { freshRead } from "../snapshot/fresh-read";
import { UsageGroups } from "../usage-groups";
import type { FromGatewayWorker, GatewayWorkerCall, GatewayWorkerInit, ToGatewayWorker } from "./worker-protocol";
import { createNodeGatewayHandler } from "../node/node-handler";

/**
 * Usage goes to the main thread added up by kind of call (UsageGroups): this often, or sooner when
 * this many kinds wait. At a steady load a batch is a few dozen records for thousands of calls, so
 * neither the copy between threads nor the database write grows with the call rate.
 */
const USAGE_EVERY_MS = 100;
const USAGE_BATCH = 500;
/** In-flight calls get this long to finish when the gateway stops; then their connections are cut. */
const DRAIN_MS = 10_000;

/**
 * The embedded gateway's own thread: the listener and the whole pipeline, with the snapshot the
 * main thread sends, its own limiter (the in-memory one, or Redis) and backend pools. Nothing here
 * waits on the database, Next or PGlite, which stay on the main thread; usage events go there in
 * batches, and the rare calls that need the database (the backend JWT's key, a snapshot rebuild
 * for an unknown signing key) are asked of it.
 */
export async function serveGatewayWorker(options: {
  port: MessagePort;
  init: GatewayWorkerInit;
  limiter: Limiter;
  listen: (server: http.Server) => Promise<void>;
}): Promise<void> {
  const { port, init, limiter } = options;
  const send = (message: FromGatewayWorker) => port.postMessage(message);
  let snapshot = init.snapshot;

  let nextCall = 0;
  const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const call = (request: GatewayWorkerCall) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextCall;
      calls.set(id, { resolve, reject });
      send({ type: "call", id, ...request });
    });

  // Refused calls share one question to the main thread (one in flight, one waiting), however many
  // arrive; when it cannot be asked (the gateway is stopping) they are answered on the snapshot here.
  const catchUp = freshRead(() => (call({ method: "catchUp" }) as Promise<number>).catch(() => snapshot.changeVersion));

  const usage = new UsageGroups();
  const sendUsage = () => {
    if (usage.size) send({ type: "usage", events: usage.take() });
  };
  const usageTimer = setInterval(sendUsage, USAGE_EVERY_MS);
  usageTimer.unref();

  // The status listener and the metrics live here, where the calls are counted; only the usage
  // events dropped are counted on the main thread (its recorder), and asked for when scraped.
  const status = new GatewayStatus(init.limiterFailureMode);
  status.snapshot = () => snapshot;
  status.usageDropped = () => call({ method: "usageDropped" }) as Promise<number>;
  status.probe(limiter);
  const { handler, forwarder, spans } = createNodeGatewayHandler({
    status,
    allowPrivateEndpoints: init.allowPrivateEndpoints,
    otlp: init.otlp,
    snapshot: () => snapshot,
    refreshSnapshot: () => call({ method: "refreshSnapshot" }) as Promise<boolean>,
    catchUp,
    // The keys arrive as a "jwks" message before the answer (one port, in order).
    refreshJwks: () => call({ method: "refreshJwks" }) as Promise<boolean>,
    issuer: init.issuer,
    limiter,
    limiterFailureMode: init.limiterFailureMode,
    record(event) {
      usage.add(event);
      if (usage.size >= USAGE_BATCH) sendUsage();
    },
    signBackendJwt: (claims) => call({ method: "signBackendJwt", claims }) as Promise<string>,
    gatewayId: init.gatewayId,
    trustedOrigins: init.trustedOrigins,
  });
  const server = createGatewayServer(handler, init.listen.limits, init.addressing);
  const statusServer = init.status ? createStatusServer(status) : null;

  const stop = async () => {
    status.stopping = true;
    await drainServer(server, DRAIN_MS);
    if (statusServer) await drainServer(statusServer, 1000);
    await spans?.shutdown();
    clearInterval(usageTimer);
    sendUsage();
    for (const pending of calls.values()) pending.reject(new Error("the gateway is stopping"));
    await forwarder.close();
    await limiter.close?.();
    send({ type: "stopped" });
    port.close();
  };

  port.on("message", (message: ToGatewayWorker) => {
    switch (message.type) {
      case "snapshot":
        snapshot = message.snapshot;
        break;
      case "revoked":
        snapshot.revoked.set(message.jti, message.expiresAt);
        break;
      case "userGate":
        snapshot.userGates.set(message.userId, message.gate);
        break;
      case "jwks":
        snapshot.jwks = message.jwks;
        break;
      case "answer": {
        const pending = calls.get(message.id);
        calls.delete(message.id);
        if (message.error !== undefined) pending?.reject(new Error(message.error));
        else pending?.resolve(message.value);
        break;
      }
      case "flush":
        sendUsage();
        send({ type: "flushed", id: message.id });
        break;
      case "stop":
        void stop();
        break;
    }
  });

  await options.listen(server);
  const statusPort = statusServer && init.status ? await listenStatus(statusServer, init.status.port, init.status.host) : null;
  send({ type: "listening", statusPort });
}
