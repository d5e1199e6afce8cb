import net from "node:net";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * What Neon's proxy does, for tests: a WebSocket server that pipes each connection's bytes to the
 * TCP address named in `?address=host:port`. With it the real `@neondatabase/serverless` driver
 * runs against the local Postgres.
 */
export type NeonBridge = { proxy: string; close: () => Promise<void> };

export async function startNeonBridge(allowedTarget = "127.0.0.1:5432"): Promise<NeonBridge> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  const sockets = new Set<net.Socket>();
  server.on("connection", (ws: WebSocket, request) => {
    const address = new URL(request.url ?? "/", "http://bridge").searchParams.get("address") ?? "";
    const [host, port] = address.split(":");
    // Only ever the local Postgres: the bridge must not become an open relay.
    const target = `${host === "localhost" ? "127.0.0.1" : host}:${port}`;
    if (target !== allowedTarget) {
      ws.close(1008, "address not allowed");
      return;
    }
    const socket = net.connect(Number(port), "127.0.0.1");
    sockets.add(socket);
    socket.on("data", (chunk) => ws.readyState === ws.OPEN && ws.send(chunk));
    socket.on("close", () => {
      sockets.delete(socket);
      ws.close();
    });
    socket.on("error", () => ws.close());
    ws.on("message", (data: Buffer) => socket.write(data));
    ws.on("close", () => socket.end());
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    proxy: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
