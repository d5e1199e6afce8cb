import { Worker } from "node:worker_threads";
import type { ListenerAddressing, ListenerLimits } from "../node/node-listener";
import { config } from "@/lib/config";
import type { SnapshotStore } from "../snapshot/store";
import { startControlPlaneLink, type ControlPlaneLink, type ControlPlaneLinkOptions } from "../node/control-plane-link";
import type { FromGatewayWorker, GatewayWorkerCall, GatewayWorkerInit, ToGatewayWorker } from "./worker-protocol";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

export type GatewayWorkerOptions = ControlPlaneLinkOptions & {
  trustedOrigins: string[];
  limiterFailureMode: "open" | "closed";
  /** Whether backends may be private addresses; the configuration's ALLOW_PRIVATE_ENDPOINTS unless given. */
  allowPrivateEndpoints?: boolean;
  listen: { port: number; host: string; limits?: Partial<ListenerLimits> };
  /** The status listener, on the gateway's thread where the calls are counted (port 0: any free one); null or absent: none. */
  status?: { port: number; host: string } | null;
  /** OTLP/HTTP trace export from the gateway's thread; none when absent. */
  otlp?: { endpoint: string; serviceName: string } | null;
  /** Whose word the listener takes for the caller's address (the portal's /gw rewrite, trusted proxies). */
  addressing?: ListenerAddressing;
  /** The worker's entry file; TypeScript (development, tests) is loaded through tsx's require hook. */
  entry: { file: string; typescript?: boolean };
};

export type GatewayWorker = {
  gatewayId: string;
  store: SnapshotStore;
  /** Where the status listener listens (the current thread's), null when it is off. */
  readonly statusPort: number | null;
  /** Resolves once the usage events of the calls answered so far are in the database. */
  flushUsage: () => Promise<void>;
  stop: () => Promise<void>;
};

/** How long a stopping gateway thread may take to drain and hand over its usage events. */
const STOP_TIMEOUT_MS = 15_000;
const RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The embedded mode's gateway (mount a): the pipeline and its listener on a thread of their own
 * (worker-data-plane.ts), and its control-plane link (../node/control-plane-link.ts) on this one, beside PGlite and Next. PGlite runs on
 * this thread and writing usage events and rolling them up costs it tens of microseconds per call
 * in slices of up to tens of milliseconds; a portal page render takes milliseconds too. On their own
 * thread, calls through the gateway wait for none of that. Resolves once the gateway listens;
 * a gateway thread that dies later is started again.
 */
export async function startGatewayWorker(options: GatewayWorkerOptions): Promise<GatewayWorker> {
  const link = await startControlPlaneLink(options);
  let stopping = false;
  let current: { worker: Worker; stopped: Promise<void> } | null = null;
  let nextFlush = 0;
  const flushes = new Map<number, () => void>();
  let statusPort: number | null = null;

  const init = (): GatewayWorkerInit => ({
    gatewayId: link.gatewayId,
    issuer: options.issuer,
    trustedOrigins: options.trustedOrigins,
    limiterFailureMode: options.limiterFailureMode,
    allowPrivateEndpoints: options.allowPrivateEndpoints ?? config().allowPrivateEndpoints,
    snapshot: link.store.current,
    listen: options.listen,
    status: options.status ?? null,
    otlp: options.otlp ?? null,
    addressing: options.addressing ?? {},
  });

  const spawn = () =>
    new Promise<void>((resolve, reject) => {
      // Created and subscribed in one synchronous step, so no snapshot change falls in between.
      const worker = startWorker(options.entry, init());
      const send = (message: ToGatewayWorker) => worker.postMessage(message);
      const unsubscribe = link.onChange((change) => send(change.type === "rebuilt" ? { type: "snapshot", snapshot: change.snapshot } : change));
      let listening = false;
      let markStopped = () => {};
      const stopped = new Promise<void>((done) => (markStopped = done));
      current = { worker, stopped };

      worker.on("message", (message: FromGatewayWorker) => {
        switch (message.type) {
          case "listening":
            listening = true;
            statusPort = message.statusPort;
            resolve();
            break;
          case "failed":
            reject(new Error(message.message));
            // Its message port would keep it alive, serving nothing.
            void worker.terminate();
            break;
          case "usage":
            for (const event of message.events) link.record(event);
            break;
          case "call":
            answer(link, message).then(
              (value) => send({ type: "answer", id: message.id, value }),
              (error: unknown) => send({ type: "answer", id: message.id, error: error instanceof Error ? error.message : String(error) }),
            );
            break;
          case "flushed":
            flushes.get(message.id)?.();
            flushes.delete(message.id);
            break;
          case "stopped":
            markStopped();
            break;
        }
      });
      worker.on("error", (error) => {
        log.error({ err: error }, "the gateway thread failed");
        if (!listening) reject(error);
      });
      worker.on("exit", (code) => {
        unsubscribe();
        markStopped();
        if (!listening) return reject(new Error(`the gateway thread exited with code ${code} before listening`));
        if (stopping) return;
        log.error({ code }, "the gateway thread exited; starting it again");
        restart(RESTART_DELAY_MS);
      });
    });

  /** Until it listens again, waiting longer after each failure (its port may still be held a moment). */
  const restart = (delayMs: number) => {
    setTimeout(() => {
      if (stopping) return;
      spawn().catch((error: unknown) => {
        log.error({ err: error }, "could not start the gateway thread again");
        restart(Math.min(delayMs * 2, MAX_RESTART_DELAY_MS));
      });
    }, delayMs).unref();
  };

  try {
    await spawn();
  } catch (error) {
    await link.stop();
    throw error;
  }

  return {
    gatewayId: link.gatewayId,
    store: link.store,
    get statusPort() {
      return statusPort;
    },
    async flushUsage() {
      if (current) {
        const id = ++nextFlush;
        const flushed = new Promise<void>((resolve) => flushes.set(id, resolve));
        current.worker.postMessage({ type: "flush", id } satisfies ToGatewayWorker);
        // Messages arrive in order: the usage events are with the link once "flushed" is.
        await Promise.race([flushed, current.stopped]);
      }
      await link.flushUsage();
    },
    async stop() {
      stopping = true;
      if (current) {
        const { worker, stopped } = current;
        worker.postMessage({ type: "stop" } satisfies ToGatewayWorker);
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
        await Promise.race([stopped, timeout]);
        await worker.terminate();
      }
      await link.stop();
    },
  };
}

/**
 * A bundled entry runs as it is, with no Node flags: V8's (the young generation's size) are not a
 * worker's to set. A TypeScript one goes through tsx's require hook, as a worker does not inherit
 * the loader hooks `node --import tsx` registered on this thread.
 */
function startWorker(entry: GatewayWorkerOptions["entry"], workerData: GatewayWorkerInit): Worker {
  if (!entry.typescript) return new Worker(entry.file, { workerData, execArgv: [] });
  return new Worker(`require("tsx/cjs"); require(${JSON.stringify(entry.file)});`, { eval: true, workerData, execArgv: [] });
}

function answer(link: ControlPlaneLink, call: GatewayWorkerCall): Promise<unknown> {
  switch (call.method) {
    case "signBackendJwt":
      return link.signBackendJwt(call.claims);
    case "refreshSnapshot":
      return link.refreshSnapshot();
    case "usageDropped":
      return Promise.resolve(link.usageDropped());
    case "catchUp":
      return link.catchUp();
    case "refreshJwks":
      return link.refreshJwks();
  }
}
