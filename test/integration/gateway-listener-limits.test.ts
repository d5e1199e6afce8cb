import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/db";
import type { ListenerLimits } from "@/lib/gateway/node/node-listener";
import type { StandaloneGateway } from "@/lib/gateway/standalone/standalone-gateway";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { createApi } from "@/test/harness/gateway-fixtures";
import { listenGateway, startTestRuntime, type ListeningGateway } from "@/test/harness/gateway-process";
import { startRecordingBackend, type RecordingBackend } from "@/test/harness/raw-http";

/**
 * Item 8 of issue 19: a slow or stalled client cannot hold the listener. Limits are shortened here;
 * the defaults (DEFAULT_LISTENER_LIMITS) are the same mechanism with nginx-like values.
 */

/** Generous next to the shortened limits: these wait for something the limits make happen, not for speed. */
const WITHIN_MS = 5000;

type Client = {
  socket: net.Socket;
  /** Everything received so far. */
  received: () => string;
  closed: Promise<void>;
  /** Resolves once `count` complete answers (status line to the end of the body) have arrived. */
  answers: (count: number) => Promise<string[]>;
};

function connect(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let text = "";
    let notify = () => {};
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      text += chunk;
      notify();
    });
    socket.on("error", () => {});
    const closed = new Promise<void>((done) => socket.on("close", () => done()));
    const client: Client = {
      socket,
      received: () => text,
      closed,
      answers: (count) =>
        new Promise((done, fail) => {
          const check = () => {
            const complete = text.split(/(?=HTTP\/1\.1 \d{3})/).filter((answer) => answer.endsWith("0\r\n\r\n") || hasWholeBody(answer));
            if (complete.length >= count) done(complete);
          };
          notify = check;
          check();
          void closed.then(() => fail(new Error(`closed after: ${JSON.stringify(text)}`)));
        }),
    };
    socket.once("connect", () => resolve(client));
    socket.once("error", reject);
  });
}

function hasWholeBody(answer: string): boolean {
  const split = answer.indexOf("\r\n\r\n");
  const length = /\r\ncontent-length: (\d+)/i.exec(answer.slice(0, split));
  return split !== -1 && !!length && answer.length - split - 4 >= Number(length[1]);
}

function request(path: string): string {
  return `GET ${path} HTTP/1.1\r\nHost: gateway.test\r\n\r\n`;
}

/** Fails with `what` when `promise` has not settled in time. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${WITHIN_MS} ms`)), WITHIN_MS)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

describe("the gateway listener's limits on clients", () => {
  let database: TestDatabase;
  let backend: RecordingBackend;
  let runtime: StandaloneGateway;
  let listening: ListeningGateway | undefined;
  const clients: Client[] = [];

  async function listen(limits: Partial<ListenerLimits>): Promise<number> {
    listening = await listenGateway(runtime.handler, limits);
    return listening.port;
  }
  async function client(port: number): Promise<Client> {
    const made = await connect(port);
    clients.push(made);
    return made;
  }

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    installDatabase(database);
    backend = await startRecordingBackend();
    await createApi(database.db, {
      context: "/limits",
      production: backend.url,
      resources: [
        { method: "GET", target: "/*", authType: "None" },
        { method: "POST", target: "/*", authType: "None" },
      ],
    });
    runtime = await startTestRuntime(database.db);
  }, 60_000);

  afterEach(async () => {
    for (const made of clients.splice(0)) made.socket.destroy();
    await listening?.close();
    listening = undefined;
  });

  afterAll(async () => {
    await runtime?.stop();
    await backend?.close();
    await database?.close();
  });

  it("closes a connection whose header section stalls past the header timeout", async () => {
    const port = await listen({ headersTimeoutMs: 300, requestTimeoutMs: 2000 });
    const stalled = await client(port);
    stalled.socket.write("GET /limits/1.0.0/x HTTP/1.1\r\nHost: gateway.test\r\nX-Slow: ");
    await within(stalled.closed, "the stalled connection was not closed");
    expect(stalled.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(backend.received.filter((r) => r.target === "/x")).toEqual([]);
  });

  it("closes a request whose body trickles in past the request timeout", async () => {
    const port = await listen({ headersTimeoutMs: 300, requestTimeoutMs: 800 });
    const trickling = await client(port);
    trickling.socket.write("POST /limits/1.0.0/upload HTTP/1.1\r\nHost: gateway.test\r\nContent-Length: 1000\r\n\r\n");
    const timer = setInterval(() => trickling.socket.writable && trickling.socket.write("x"), 100);
    try {
      await within(trickling.closed, "the trickling request was not cut off");
    } finally {
      clearInterval(timer);
    }
  });

  it("keeps an idle keep-alive connection past the header timeout, and closes it after the keep-alive timeout", async () => {
    const port = await listen({ headersTimeoutMs: 300, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1500 });
    const keepAlive = await client(port);
    keepAlive.socket.write(request("/limits/1.0.0/one"));
    expect((await within(keepAlive.answers(1), "no first answer"))[0]).toMatch(/^HTTP\/1\.1 200 /);
    // Idle for longer than the header timeout: an idle connection is not a slow request.
    await new Promise((resolve) => setTimeout(resolve, 700));
    keepAlive.socket.write(request("/limits/1.0.0/two"));
    expect((await within(keepAlive.answers(2), "no second answer"))[1]).toMatch(/^HTTP\/1\.1 200 /);
    await within(keepAlive.closed, "the idle keep-alive connection was not closed");
    expect(backend.received.map((r) => r.target)).toEqual(expect.arrayContaining(["/one", "/two"]));
  });

  it("closes connections beyond the cap as they arrive, and takes new ones once others have gone", async () => {
    const port = await listen({ maxConnections: 2 });
    const first = await client(port);
    const second = await client(port);
    for (const made of [first, second]) {
      made.socket.write(request("/limits/1.0.0/held"));
      expect((await within(made.answers(1), "no answer within the cap"))[0]).toMatch(/^HTTP\/1\.1 200 /);
    }
    const third = await client(port);
    third.socket.write(request("/limits/1.0.0/over"));
    await within(third.closed, "the connection over the cap was not closed");
    expect(third.received()).toBe("");
    expect(backend.received.filter((r) => r.target === "/over")).toEqual([]);

    first.socket.destroy();
    await first.closed;
    // The listener counts the closed connection out on its own turn; a new one is taken then.
    let answered = "";
    for (let attempt = 0; attempt < 50 && !answered; attempt++) {
      const next = await client(port);
      next.socket.write(request("/limits/1.0.0/after"));
      answered = await next.answers(1).then(([answer]) => answer, () => "");
    }
    expect(answered).toMatch(/^HTTP\/1\.1 200 /);
  });
});
