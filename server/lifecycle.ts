import type http from "node:http";

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

/** A server of this thread, or something that drains its own (the embedded gateway's thread). */
type Drainable = http.Server | { drain: () => Promise<void> };

/** On SIGTERM/SIGINT: stop accepting, let in-flight requests finish (10 s at most), then clean up. */
export function onShutdown(drainables: Drainable[], cleanup: () => Promise<void>): void {
  const servers = drainables.filter((d): d is http.Server => !("drain" in d));
  const others = drainables.filter((d): d is { drain: () => Promise<void> } => "drain" in d);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining connections…`);
    const force = setTimeout(() => {
      for (const server of servers) server.closeAllConnections();
    }, 10_000);
    force.unref();
    await Promise.all([
      ...others.map((other) => other.drain()),
      ...servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
      ),
    ]);
    clearTimeout(force);
    try {
      await cleanup();
    } finally {
      console.log("Stopped.");
      process.exit(0);
    }
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
