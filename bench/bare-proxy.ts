import http from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";

/**
 * Reference (b): the least a reverse proxy on undici can do — pooled keep-alive connections,
 * headers copied, bodies piped. What the gateway is measured against.
 */
export async function startBareProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new Pool(target, { connections: 256, keepAliveTimeout: 30_000 });
  const server = http.createServer(async (req, res) => {
    try {
      const { statusCode, headers, body } = await pool.request({
        path: req.url ?? "/",
        method: req.method as "GET",
        headers: { ...req.headers, host: undefined, connection: undefined } as unknown as Record<string, string>,
        body: req.method === "GET" || req.method === "HEAD" ? null : req,
      });
      delete headers.connection;
      delete headers["keep-alive"];
      res.writeHead(statusCode, headers as http.OutgoingHttpHeaders);
      body.pipe(res);
    } catch {
      res.writeHead(502).end();
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
    },
  };
}
