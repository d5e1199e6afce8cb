import type http from "node:http";
import { drainServer } from "@/lib/http/drain-server";
import { logger } from "@/lib/log";

const log = logger("portcullis");

/** Listens, turning the usual start-up failures into one actionable line. */
export function listen(server: http.Server, port: number, host: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`port ${port} is already in use; set ${variable} to a free port.`));
      else if (error.code === "EACCES") reject(new Error(`no permission to listen on port ${port}; set ${variable} to a port above 1024.`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}

/**
 * Keeps serving when whoever read our output has gone (a supervisor or a `| head` that exited):
 * without a listener, the EPIPE of a write to stdout or stderr is an uncaught error, whose report
 * (Next installs a handler that logs it) is itself a write to the closed pipe, and the process spun
 * at full CPU on that loop. Output that nobody reads is dropped instead.
 */
export function keepServingWithoutOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
}

/** A server of this thread, or something that drains its own (the embedded gateway's thread). */
type Drainable = http.Server | { drain: () => Promise<void> };

/** On SIGTERM/SIGINT: stop accepting, let in-flight requests finish (10 s at most), then clean up. */
export function onShutdown(drainables: Drainable[], cleanup: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal} received: draining connections…`);
    await Promise.all(drainables.map((drainable) => ("drain" in drainable ? drainable.drain() : drainServer(drainable, 10_000))));
    try {
      await cleanup();
    } finally {
      log.info("Stopped.");
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
