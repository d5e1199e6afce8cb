import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForwardError } from "./context";
import { toResponse } from "./fetch-conversions";
import { createFetchForwarder, fetchForwarder } from "./fetch-forwarder";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the Edge forwarder (fetch)", () => {
  let server: http.Server;
  let base = "";
  let requests = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests++;
      const url = new URL(req.url ?? "/", "http://backend");
      if (url.pathname === "/count") {
        let bytes = 0;
        req.on("data", (chunk: Buffer) => (bytes += chunk.length));
        req.on("end", () => res.end(JSON.stringify({ bytes })));
        return;
      }
      if (url.pathname === "/never") return;
      if (url.pathname === "/stall") {
        res.writeHead(200);
        res.write("first");
        return;
      }
      if (url.pathname === "/chunks") {
        res.writeHead(200);
        res.write("a");
        setTimeout(() => res.end("b"), 50);
        return;
      }
      if (url.pathname === "/gzip") {
        const body = gzipSync("hello, decoded");
        res.writeHead(200, { "content-encoding": "gzip", "content-length": String(body.length) });
        res.end(body);
        return;
      }
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const forward = async (path: string, init: { method?: string; body?: ReadableStream<Uint8Array> | null; timeoutMs?: number } = {}) => {
    const upstream = await fetchForwarder({ url: `${base}${path}`, method: init.method ?? "GET", headers: {}, body: init.body ?? null, timeoutMs: init.timeoutMs ?? 200 });
    return toResponse({ ...upstream, errorCode: null });
  };

  it("does not count a slow upload against the backend's timeout", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 5) return controller.close();
        await sleep(100);
        sent += 1;
        controller.enqueue(new Uint8Array(1000));
      },
    });
    const response = await forward("/count", { method: "POST", body, timeoutMs: 200 });
    expect(await response.json()).toEqual({ bytes: 5000 });
  });

  it("times out a backend that does not answer, and names an unreachable one", async () => {
    await expect(forward("/never")).rejects.toMatchObject({ kind: "timeout" });
    const refused = fetchForwarder({ url: "http://127.0.0.1:9/x", method: "GET", headers: {}, body: null, timeoutMs: 200 });
    await expect(refused).rejects.toBeInstanceOf(ForwardError);
    await expect(refused).rejects.toMatchObject({ kind: "unreachable" });
  });

  it("lets a client read slowly, but cuts a backend that stalls mid-body", async () => {
    const slow = await forward("/chunks", { timeoutMs: 200 });
    const reader = slow.body!.getReader();
    const first = await reader.read();
    await sleep(400);
    let text = new TextDecoder().decode(first.value);
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += new TextDecoder().decode(part.value);
    expect(text).toBe("ab");

    const stalled = await forward("/stall", { timeoutMs: 200 });
    await expect(stalled.text()).rejects.toThrow();
  });

  it("hands on a body fetch has decoded without its Content-Encoding and stale Content-Length", async () => {
    const response = await forward("/gzip");
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("content-length")).toBeNull();
    expect(await response.text()).toBe("hello, decoded");
  });

  it("refuses a backend whose URL is a private address unless private endpoints are allowed, in every spelling", async () => {
    const guarded = createFetchForwarder({ allowPrivateEndpoints: false });
    const port = new URL(base).port;
    const before = requests;
    // The URL parser turns the decimal, hex and octal spellings and the mapped IPv6 form into what fetch connects to.
    for (const host of ["127.0.0.1", "localhost", "api.localhost", "2130706433", "0x7f.1", "017700000001", "127.1", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "[::]"]) {
      const refused = guarded({ url: `http://${host}:${port}/count`, method: "GET", headers: {}, body: null, timeoutMs: 200 });
      await expect(refused, host).rejects.toMatchObject({ kind: "unreachable" });
    }
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://100.64.0.1/", "http://[fd00::1]/", "http://[fe80::1]/"]) {
      await expect(guarded({ url, method: "GET", headers: {}, body: null, timeoutMs: 200 }), url).rejects.toMatchObject({ kind: "unreachable" });
    }
    expect(requests).toBe(before);
    const allowed = await fetchForwarder({ url: `http://2130706433:${port}/count`, method: "GET", headers: {}, body: null, timeoutMs: 500 });
    expect(allowed.status).toBe(200);
    expect(requests).toBe(before + 1);
  });
});
