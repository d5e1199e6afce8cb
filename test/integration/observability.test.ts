import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { installDatabase } from "@/db";
import { config, parseConfig } from "@/lib/config";
import type { GatewayWorker } from "@/lib/gateway/embedded/worker-host";
import type { StandaloneGateway } from "@/lib/gateway/standalone/standalone-gateway";
import { createStatusServer, listenStatus } from "@/lib/gateway/status/server";
import { GatewayStatus, readinessOf } from "@/lib/gateway/status/status";
import { createRootLogger } from "@/lib/log";
import { jsonLogger } from "@/lib/observability/log-core";
import { tracePortalRequests } from "@/lib/observability/tracing";
import { portalHealth } from "@/lib/observability/health";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { testEnv } from "@/test/harness/env";
import { createApi, startBackend, type TestBackend } from "@/test/harness/gateway-fixtures";
import { freePort, listenGateway, startGatewayProcess, startGatewayThread, startTestRuntime, type GatewayProcess, type ListeningGateway } from "@/test/harness/gateway-process";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

const text = (url: string) => fetch(url).then(async (r) => ({ status: r.status, type: r.headers.get("content-type"), body: await r.text() }));

/** The value of one Prometheus sample line, e.g. `name{labels}`; null when absent. */
function sample(metrics: string, series: string): number | null {
  const line = metrics.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe("the embedded gateway's status listener, request ids and trace context", () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let gateway: GatewayWorker;
  let url = "";
  let statusUrl = "";
  let apiName = "";

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    backend = await startBackend("production");
    const api = await createApi(database.db, { context: "/observed", production: backend.url, resources: [{ method: "GET", target: "/*", authType: "None" }] });
    apiName = api.name;
    // An API whose context is /metrics: on the traffic port it is that API, never the gateway's metrics.
    await createApi(database.db, { context: "/metrics", isDefaultVersion: true, production: backend.url, resources: [{ method: "GET", target: "/*", authType: "None" }] });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    gateway = await startGatewayThread(database.db, { port, statusPort: 0 });
    statusUrl = `http://127.0.0.1:${gateway.statusPort}`;
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
    await database?.close();
  });

  it("answers /healthz and, once the snapshot and limiter are there, /readyz", async () => {
    expect(gateway.statusPort).toBeGreaterThan(0);
    const healthz = await text(`${statusUrl}/healthz`);
    expect(healthz.status).toBe(200);
    const readyz = await fetch(`${statusUrl}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ ready: true, limiter: "reachable", snapshotVersion: gateway.store.current.version });
    expect((await text(`${statusUrl}/elsewhere`)).status).toBe(404);
  });

  it("counts calls in /metrics by api, version, status and code, with durations and Node's process metrics", async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${url}/observed/1.0.0/menu`)).status).toBe(200);
    expect((await fetch(`${url}/nowhere/1.0.0/x`)).status).toBe(404);
    const { status, type, body } = await text(`${statusUrl}/metrics`);
    expect(status).toBe(200);
    expect(type).toContain("text/plain");
    expect(sample(body, `portcullis_gateway_requests_total{api="${apiName}",version="1.0.0",status="200",code=""}`)).toBe(5);
    expect(sample(body, `portcullis_gateway_requests_total{api="",version="",status="404",code="404"}`)).toBe(1);
    expect(sample(body, `portcullis_gateway_request_duration_seconds_count{api="${apiName}"}`)).toBe(5);
    expect(sample(body, `portcullis_gateway_backend_duration_seconds_count{api="${apiName}"}`)).toBe(5);
    expect(sample(body, "portcullis_gateway_snapshot_version")).toBe(gateway.store.current.version);
    expect(sample(body, "portcullis_gateway_snapshot_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample(body, "portcullis_gateway_usage_dropped_total")).toBe(0);
    expect(sample(body, "portcullis_gateway_limiter_failures_total")).toBe(0);
    expect(body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^nodejs_heap_size_total_bytes \d/m);
  });

  it("serves no metrics on the traffic port: /metrics there is the API of that context", async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    const echoed = (await response.json()) as { backend: string; path: string };
    expect(echoed.backend).toBe("production");
    expect((await text(`${url}/healthz`)).status).toBe(404);
    expect((await text(`${statusUrl}/metrics`)).body).toContain("portcullis_gateway_requests_total");
  });

  it("returns the caller's X-Request-ID and forwards it; a missing or unsafe one is replaced by a new one", async () => {
    const kept = await fetch(`${url}/observed/1.0.0/id`, { headers: { "x-request-id": "caller-id_42.a:b" } });
    expect(kept.headers.get("x-request-id")).toBe("caller-id_42.a:b");
    expect(((await kept.json()) as { headers: Record<string, string> }).headers["x-request-id"]).toBe("caller-id_42.a:b");

    for (const unsafe of [undefined, "has space", "x".repeat(200), "new\u00e9line"]) {
      const headers: Record<string, string> = unsafe === undefined ? {} : { "x-request-id": encodeURI(unsafe) === unsafe ? unsafe : "bad<id>" };
      const response = await fetch(`${url}/observed/1.0.0/id`, { headers });
      const id = response.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(((await response.json()) as { headers: Record<string, string> }).headers["x-request-id"]).toBe(id);
    }
    // Gateway errors carry one too.
    expect((await fetch(`${url}/nowhere/1.0.0/x`)).headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("passes the caller's trace on with the gateway's span as parent, and starts one when there is none or it is invalid", async () => {
    const forwarded = async (headers: Record<string, string>) => {
      const response = await fetch(`${url}/observed/1.0.0/trace`, { headers });
      return ((await response.json()) as { headers: Record<string, string | undefined> }).headers;
    };
    const kept = await forwarded({ traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, tracestate: "vendor=1" });
    const [, traceId, parentId, flags] = TRACEPARENT.exec(kept.traceparent!)!;
    expect(traceId).toBe(TRACE_ID);
    expect(parentId).not.toBe(CALLER_SPAN);
    expect(flags).toBe("01");
    expect(kept.tracestate).toBe("vendor=1");

    const started = [await forwarded({}), await forwarded({})].map((h) => TRACEPARENT.exec(h.traceparent!)!);
    expect(started[0][1]).not.toBe(started[1][1]);

    for (const invalid of [
      `00-${"0".repeat(32)}-${CALLER_SPAN}-01`,
      `00-${TRACE_ID}-${"0".repeat(16)}-01`,
      `ff-${TRACE_ID}-${CALLER_SPAN}-01`,
      `00-${TRACE_ID}-${CALLER_SPAN}-01-extra`,
      `00-${TRACE_ID.toUpperCase()}-${CALLER_SPAN}-01`,
      "garbage",
    ]) {
      const headers = await forwarded({ traceparent: invalid, tracestate: "vendor=1" });
      const replaced = TRACEPARENT.exec(headers.traceparent!);
      expect(replaced, invalid).not.toBeNull();
      expect(replaced![1]).not.toBe(TRACE_ID);
      expect(headers.tracestate).toBeUndefined();
    }
    // A later version's extra fields are allowed (W3C Trace Context §3.2.4).
    const future = await forwarded({ traceparent: `01-${TRACE_ID}-${CALLER_SPAN}-01-more` });
    expect(TRACEPARENT.exec(future.traceparent!)![1]).toBe(TRACE_ID);
  });
});

describe("GATEWAY_STATUS_PORT", () => {
  const parse = (env: Record<string, string>) => parseConfig({ SECRET_KEY: "s".repeat(32), ...env });

  it("defaults to GATEWAY_PORT + 1, is off at 0, and may not take the traffic or portal port", () => {
    expect(parse({}).gatewayStatusPort).toBe(8281);
    expect(parse({ GATEWAY_PORT: "9000" }).gatewayStatusPort).toBe(9001);
    expect(parse({ GATEWAY_STATUS_PORT: "9100" }).gatewayStatusPort).toBe(9100);
    expect(parse({ GATEWAY_STATUS_PORT: "0" }).gatewayStatusPort).toBeNull();
    expect(() => parse({ GATEWAY_STATUS_PORT: "8280" })).toThrow(/GATEWAY_STATUS_PORT/);
    expect(() => parse({ PORT: "8281" })).toThrow(/GATEWAY_STATUS_PORT/);
    expect(() => parse({ GATEWAY_STATUS_PORT: "http" })).toThrow(/GATEWAY_STATUS_PORT/);
  });

  it("goes with OTEL_EXPORTER_OTLP_ENDPOINT, which must be a URL", () => {
    expect(parse({}).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://collector:4318");
    expect(() => parse({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector" })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

describe("readiness before a snapshot is loaded", () => {
  it("is a 503 with a JSON reason on the status listener, and 200 once there is a snapshot and the limiter answered", async () => {
    const status = new GatewayStatus("open");
    const server = createStatusServer(status);
    const port = await listenStatus(server, 0, "127.0.0.1");
    try {
      const before = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({ ready: false, reason: "no snapshot loaded yet" });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

      status.snapshot = () => ({ version: 3, builtAt: Date.now() }) as never;
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
      status.probe(new MemoryLimiter());
      await new Promise((resolve) => setTimeout(resolve, 10));
      const after = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(after.status).toBe(200);
      expect(await after.json()).toMatchObject({ ready: true, snapshotVersion: 3, limiter: "reachable" });
      status.stopping = true;
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
    } finally {
      server.close();
    }
  });

  it("counts a limiter that cannot answer as ready in its failure mode", async () => {
    const failing = { limit: () => Promise.reject(new Error("down")) };
    const status = new GatewayStatus("closed");
    status.snapshot = () => ({ version: 1, builtAt: Date.now() }) as never;
    status.probe(failing);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(status.readiness()).toMatchObject({ ready: true, limiter: "failure mode", limiterFailureMode: "closed" });
    expect(readinessOf({ snapshot: null, limiter: "reachable", limiterFailing: false, failureMode: "open", stopping: false })).toEqual({
      ready: false,
      reason: "no snapshot loaded yet",
    });
  });
});

describe("OpenTelemetry export", () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let runtime: StandaloneGateway;
  let gateway: ListeningGateway;
  let collector: http.Server;
  const posts: { path: string; type: string; body: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    backend = await startBackend("production");
    await createApi(database.db, { context: "/traced", production: backend.url, resources: [{ method: "GET", target: "/*", authType: "None" }] });
    collector = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        posts.push({ path: req.url ?? "", type: req.headers["content-type"] ?? "", body });
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    runtime = await startTestRuntime(database.db, {
      mount: "standalone",
      otlp: { endpoint: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`, serviceName: "portcullis-test" },
    });
    gateway = await listenGateway(runtime.handler);
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    collector?.close();
    await backend?.close();
    await database?.close();
  });

  it("exports a span per gateway call over OTLP/HTTP, in the caller's trace and parent of the backend's hop", async () => {
    const response = await fetch(`${gateway.url}/traced/1.0.0/x`, { headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` } });
    const backendHop = TRACEPARENT.exec(((await response.json()) as { headers: { traceparent: string } }).headers.traceparent)!;
    // Stopping flushes the batch.
    await runtime.stop();
    const post = posts.find((p) => p.path === "/v1/traces");
    expect(post).toBeDefined();
    expect(post!.type).toContain("application/json");
    const spans = (JSON.parse(post!.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId: string; name: string }[] }[] }[] }).resourceSpans.flatMap(
      (r) => r.scopeSpans.flatMap((s) => s.spans),
    );
    const span = spans.find((s) => s.traceId === TRACE_ID);
    expect(span).toMatchObject({ traceId: TRACE_ID, parentSpanId: CALLER_SPAN, spanId: backendHop[2], name: "GET /traced/1.0.0" });
    expect(post!.body).toContain("portcullis-test");
  });

  it("exports portal requests too, and gives each an X-Request-ID and the portal's hop of the trace", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const traced = tracePortalRequests(
      (req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("portal");
      },
      { endpoint: collectorUrl, serviceName: "portcullis-portal-test" },
    );
    const portal = http.createServer(traced.handler);
    await new Promise<void>((resolve) => portal.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(portal.address() as AddressInfo).port}/devportal/apis?q=1`, {
        headers: { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`, "x-request-id": "portal-call-1" },
      });
      expect(response.headers.get("x-request-id")).toBe("portal-call-1");
      await response.text();
      const hop = TRACEPARENT.exec(String(seen[0].traceparent))!;
      expect(hop[1]).toBe(TRACE_ID);
      expect(hop[2]).not.toBe(CALLER_SPAN);
      await traced.shutdown();
      const spans = posts
        .filter((p) => p.body.includes("portcullis-portal-test"))
        .flatMap((p) => (JSON.parse(p.body) as { resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; parentSpanId: string; name: string }[] }[] }[] }).resourceSpans)
        .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
      expect(spans).toContainEqual(expect.objectContaining({ traceId: TRACE_ID, parentSpanId: CALLER_SPAN, spanId: hop[2], name: "GET" }));
    } finally {
      portal.close();
    }
  });
});

describe("logs", () => {
  const capture = () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    return { lines, destination };
  };

  it("are JSON lines with level, time and msg, at the level asked for", () => {
    const { lines, destination } = capture();
    const log = createRootLogger({ level: "warn", destination });
    log.child({ component: "test" }).info({ requestId: "r1" }, "not written at warn");
    log.child({ component: "test" }).warn({ requestId: "r2" }, "written");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: "warn", msg: "written", requestId: "r2", component: "test", time: expect.any(Number) });
  });

  it("never contain a password, token, secret, API key or cookie (pino, and the Edge writer alike)", () => {
    const secrets = {
      password: "hunter2-password",
      headers: { authorization: "Bearer eyJ-secret-token", apikey: "pk_live_secret", cookie: "session=s3cret", "set-cookie": "a=b" },
      body: { client_secret: "cs-secret", refresh_token: "rt-secret", grant_type: "password" },
      token: "tok-secret",
    };
    const { lines, destination } = capture();
    createRootLogger({ level: "debug", destination }).error(secrets, "sign-in failed");
    const edge: string[] = [];
    jsonLogger({ level: "debug", write: (line) => edge.push(line) }).error(secrets, "sign-in failed");
    for (const line of [...lines, ...edge]) {
      for (const secret of ["hunter2-password", "eyJ-secret-token", "pk_live_secret", "s3cret", "cs-secret", "rt-secret", "tok-secret", "a=b"]) {
        expect(line).not.toContain(secret);
      }
      expect(JSON.parse(line)).toMatchObject({ level: "error", msg: "sign-in failed", body: { grant_type: "password" } });
    }
  });
});

describe("GET /api/health", () => {
  it("is 200 with the database and Redis status, and 503 when the database is down", async () => {
    const database = await createTestDatabase("pglite");
    installDatabase(database);
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "up" }, redis: { status: expect.any(String) } });

    const unreachable = await portalHealth({ ...config(), REDIS_URL: "redis://127.0.0.1:1", UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined }, async () => database.db);
    expect(unreachable).toMatchObject({ status: "degraded", database: { status: "up" }, redis: { kind: "redis", status: "down" } });

    await database.close();
    const down = await health();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "down", database: { status: "down" } });
  });

  it.skipIf(!testEnv.TEST_REDIS_URL)("reports Redis up when it answers (needs TEST_REDIS_URL)", async () => {
    const database = await createTestDatabase("pglite");
    try {
      const report = await portalHealth({ ...config(), REDIS_URL: testEnv.TEST_REDIS_URL }, async () => database.db);
      expect(report).toMatchObject({ status: "ok", redis: { kind: "redis", status: "up" } });
    } finally {
      await database.close();
    }
  });
});

/** Mount (b): `npm run gateway` as a process, with its status listener and its log lines. */
describe.skipIf(!testEnv.TEST_DATABASE_URL)("the standalone gateway process", () => {
  let database: TestDatabase;
  let backend: TestBackend;
  let gateway: GatewayProcess;
  let apiName = "";

  beforeAll(async () => {
    database = await createTestDatabase("pg");
    backend = await startBackend("production");
    const api = await createApi(database.db, {
      context: "/standalone",
      production: backend.url,
      resources: [
        { method: "GET", target: "/open", authType: "None" },
        { method: "GET", target: "/secured" },
      ],
    });
    apiName = api.name;
    await createApi(database.db, { context: "/gone", production: "http://127.0.0.1:1", resources: [{ method: "GET", target: "/*", authType: "None" }] });
    gateway = await startGatewayProcess({ DATABASE_URL: database.url!, SECRET_KEY: process.env.SECRET_KEY!, REDIS_URL: "", LOG_LEVEL: "debug", ALLOW_PRIVATE_ENDPOINTS: "true" });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
    await database?.close();
  });

  it("serves /healthz, /readyz and /metrics on its status port", async () => {
    expect((await fetch(`${gateway.statusUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gateway.statusUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
    for (let i = 0; i < 3; i++) expect((await fetch(`${gateway.url}/standalone/1.0.0/open`)).status).toBe(200);
    const metrics = (await text(`${gateway.statusUrl}/metrics`)).body;
    expect(sample(metrics, `portcullis_gateway_requests_total{api="${apiName}",version="1.0.0",status="200",code=""}`)).toBe(3);
    expect(sample(metrics, `portcullis_gateway_request_duration_seconds_count{api="${apiName}"}`)).toBe(3);
    expect(metrics).toContain("portcullis_gateway_usage_dropped_total 0");
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(404);
  });

  it("writes JSON lines with level, time and msg, the request id of failed calls, and never the caller's token", async () => {
    const refused = await fetch(`${gateway.url}/standalone/1.0.0/secured`, { headers: { authorization: "Bearer not-a-real-token-sekret", "x-request-id": "refused-call-1" } });
    expect(refused.status).toBe(401);
    const failed = await fetch(`${gateway.url}/gone/1.0.0/x`, { headers: { "x-request-id": "failed-call-1" } });
    expect(failed.status).toBe(502);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = gateway
      .output()
      .split("\n")
      .filter((line) => line.trim());
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of parsed) expect(line).toMatchObject({ level: expect.any(String), time: expect.any(Number), msg: expect.any(String) });
    expect(parsed).toContainEqual(expect.objectContaining({ level: "warn", requestId: "failed-call-1", status: 502, code: "101503" }));
    expect(parsed).toContainEqual(expect.objectContaining({ level: "debug", requestId: "refused-call-1", status: 401 }));
    expect(gateway.output()).not.toContain("not-a-real-token-sekret");
  });
});
