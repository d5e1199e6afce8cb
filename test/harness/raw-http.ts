import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

export type RawAnswer = { status: number; headers: Record<string, string>; body: string };

/**
 * One request written byte for byte on a fresh socket (`Connection: close`), so the target reaches
 * the listener exactly as given: fetch and http.request would resolve or refuse some of the paths
 * the gateway must be tested with.
 */
export function rawRequest(port: number, target: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      try {
        resolve(parseAnswer(Buffer.concat(chunks).toString("latin1")));
      } catch (error) {
        reject(error);
      }
    });
    const lines = [`${method} ${target} HTTP/1.1`, "Host: gateway.test", "Connection: close", ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`)];
    socket.write(Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"));
  });
}

function parseAnswer(text: string): RawAnswer {
  const split = text.indexOf("\r\n\r\n");
  if (split === -1) throw new Error(`no complete answer: ${JSON.stringify(text)}`);
  const [statusLine, ...headerLines] = text.slice(0, split).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(split + 4);
  if (headers["transfer-encoding"] === "chunked") {
    let decoded = "";
    for (let at = 0; ; ) {
      const end = body.indexOf("\r\n", at);
      const size = parseInt(body.slice(at, end), 16);
      if (!size) break;
      decoded += body.slice(end + 2, end + 2 + size);
      at = end + 2 + size + 2;
    }
    body = decoded;
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

export type RecordingBackend = {
  url: string;
  /** Each request as the backend's socket received it: the request target byte for byte, and the headers. */
  received: { target: string; headers: http.IncomingHttpHeaders }[];
  close: () => Promise<void>;
};

/** A backend that answers 200 with the target it received, and remembers it. */
export async function startRecordingBackend(): Promise<RecordingBackend> {
  const received: RecordingBackend["received"] = [];
  const server = http.createServer((req, res) => {
    received.push({ target: req.url ?? "", headers: req.headers });
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ target: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
