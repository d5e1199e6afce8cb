import http from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackendRelay } from "./backend-relay";
import { createUndiciForwarder } from "./undici-forwarder";

const forward = createUndiciForwarder();
let backend: http.Server;
let url = "";
/** Resolves when the backend sees its answer's connection close before the answer ended. */
let cutOff: Promise<void>;
let onCutOff = () => {};

beforeAll(async () => {
  backend = http.createServer((req, res) => {
    if (req.url === "/stalls") {
      cutOff = new Promise((resolve) => (onCutOff = resolve));
      res.on("close", () => {
        if (!res.writableFinished) onCutOff();
      });
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first part;");
      return;
    }
    if (req.url === "/breaks") {
      res.writeHead(200, { "content-length": "100" });
      res.write("only ten b");
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" });
    if (req.method === "HEAD") return res.end();
    for (let i = 0; i < 64; i++) res.write("x".repeat(16 * 1024));
    res.end();
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await forward.close();
  backend.closeAllConnections();
  await new Promise((resolve) => backend.close(resolve));
});

const get = (path: string, method = "GET") => forward({ url: url + path, method, headers: {}, body: null, timeoutMs: 2000 });

function collect(): { sink: Writable; done: Promise<Buffer> } {
  const parts: Buffer[] = [];
  const sink = new PassThrough();
  sink.on("data", (part: Buffer) => parts.push(part));
  const done = new Promise<Buffer>((resolve, reject) => {
    sink.on("end", () => resolve(Buffer.concat(parts)));
    sink.on("error", reject);
    sink.on("close", () => reject(new Error("closed before the end")));
  });
  return { sink, done };
}

describe("the backend relay", () => {
  it("relays a body of many chunks to the response it is given, whole", async () => {
    const response = await get("/big");
    expect(response.body).toBeInstanceOf(BackendRelay);
    const { sink, done } = collect();
    (response.body as BackendRelay).relayTo(sink);
    expect((await done).length).toBe(64 * 16 * 1024);
  });

  it("is read as an async iterable by the Fetch mounts", async () => {
    const response = await get("/big");
    let bytes = 0;
    for await (const part of response.body as AsyncIterable<Uint8Array>) bytes += part.length;
    expect(bytes).toBe(64 * 16 * 1024);
  });

  it("has no body for HEAD", async () => {
    expect((await get("/big", "HEAD")).body).toBeNull();
  });

  it("stops the backend's answer when the client leaves mid-body", async () => {
    const response = await get("/stalls");
    const sink = new PassThrough();
    (response.body as BackendRelay).relayTo(sink);
    await new Promise((resolve) => sink.once("data", resolve));
    sink.destroy();
    await cutOff;
  });

  it("stops the backend's answer when an iterating reader stops early", async () => {
    const response = await get("/stalls");
    for await (const part of response.body as AsyncIterable<Uint8Array>) {
      expect(Buffer.from(part).toString()).toBe("first part;");
      break;
    }
    await cutOff;
  });

  it("cuts the client's response off when the backend's breaks mid-body", async () => {
    const response = await get("/breaks");
    const { sink, done } = collect();
    (response.body as BackendRelay).relayTo(sink);
    await expect(done).rejects.toThrow();
  });
});
