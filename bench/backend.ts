import http from "node:http";
import type { AddressInfo } from "node:net";

/** The backend every variant proxies to: a fixed JSON body of the given size. */
export async function startBenchBackend(payloadBytes: number): Promise<{ url: string; close: () => Promise<void> }> {
  const filler = "x".repeat(Math.max(0, payloadBytes - 20));
  const body = Buffer.from(JSON.stringify({ ok: true, data: filler }).slice(0, payloadBytes));
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
