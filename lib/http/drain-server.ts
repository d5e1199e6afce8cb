import type http from "node:http";

/**
 * Stops accepting connections and resolves once in-flight requests have finished; connections still
 * open after `forceAfterMs` are cut.
 */
export function drainServer(server: http.Server, forceAfterMs: number): Promise<void> {
  const force = setTimeout(() => server.closeAllConnections(), forceAfterMs);
  force.unref();
  return new Promise<void>((resolve) => {
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
