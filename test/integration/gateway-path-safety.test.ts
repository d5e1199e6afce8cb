import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/db";
import { createTestDatabase, type TestDatabase } from "@/test/harness/databases";
import { createUser } from "@/test/harness/factories";
import { createApi, createApplicationWithToken } from "@/test/harness/gateway-fixtures";
import { startTestGateway, type TestGateway } from "@/test/harness/gateway-process";
import { rawRequest, startRecordingBackend, type RawAnswer, type RecordingBackend } from "@/test/harness/raw-http";

/**
 * Item 1 of issue 19: `/open/*` needs no credentials, `/admin/*` does. However a caller spells the
 * path, the gateway either refuses it (400) or matches, authorizes and forwards one and the same
 * canonical path, which the backend receives byte for byte under the endpoint's own base path.
 */
const API = "/ps/1.0.0";

/** Spellings a backend may resolve to `/admin/users` but the gateway will not decide on: 400, nothing forwarded. */
const REFUSED = [
  "/open/..%2fadmin/users",
  "/open/..%2Fadmin/users",
  "/open/%2e%2e%2fadmin/users",
  "/open/..\\admin/users",
  "/open/..%5cadmin/users",
  "/open/..%5Cadmin/users",
  "/open/..;/admin/users",
  "/open/%2e%2e;/admin/users",
  "/open/.;/admin/users",
  "/open/..;x=y/admin/users",
  "/open/..%3b/admin/users",
  "/admin;x=y/users",
  "/admin/users;jsessionid=1",
  "/open/%c0%ae%c0%ae/admin/users",
  "/open/%c0%ae./admin/users",
  "/open/%e0%80%ae%e0%80%ae/admin/users",
  "/open/%c0%af../admin/users",
  "/open/%00/../admin/users",
  "/open/..%00/admin/users",
  "/open/%zz",
  "/open/%2",
  "/open/%",
  "/open/%u002e%u002e/admin/users",
  // Past the root: never clamped into something that resolves.
  "/open/../../../../admin/users",
  "/../../../../../admin/users",
].map((path) => API + path);

/** Spellings of `/admin/users`: the secured resource's rules apply, and the backend gets exactly `/base/admin/users`. */
const ADMIN = [
  "/open/../admin/users",
  "/open/%2e%2e/admin/users",
  "/open/%2E%2e/admin/users",
  "/open/.%2e/admin/users",
  "/open/%2e./admin/users",
  "/open/x/../../admin/users",
  "//admin/users",
  "/./admin/users",
  "/open/./../admin/users",
  "/open//..//admin//users",
  "/%61dmin/users",
  "/%61%64%6D%69%6E/users",
].map((path) => API + path);

/** Benign normalizations on the open resource: forwarded as decided. */
const OPEN: [string, string][] = [
  ["/open/./x", "/base/open/x"],
  ["/open//x", "/base/open/x"],
  ["/open/x/", "/base/open/x/"],
  ["/open/a/b/../../x", "/base/open/x"],
  ["/open/a/../x?q=/../%2e%2e&r=..%2f", "/base/open/x?q=/../%2e%2e&r=..%2f"],
  ["/open/%7Ex/%41", "/base/open/~x/A"],
  ["/open/%252e%252e/admin", "/base/open/%252e%252e/admin"],
  ["/open/caf%c3%a9", "/base/open/caf%C3%A9"],
  ["/open/a{b}", "/base/open/a%7Bb%7D"],
  ["/ps/1.0.0/../1.0.0/open/x", "/base/open/x"],
];

describe("the gateway decides the path once", () => {
  let database: TestDatabase;
  let backend: RecordingBackend;
  let gateway: TestGateway;
  let token = "";

  const send = (target: string, headers: Record<string, string> = {}) => rawRequest(gateway.port, target, headers);
  const authorized = () => ({ authorization: `Bearer ${token}` });
  /** What reached the backend during `action`. */
  async function forwarded<T>(action: () => Promise<T>): Promise<{ answer: T; targets: string[] }> {
    const before = backend.received.length;
    const answer = await action();
    return { answer, targets: backend.received.slice(before).map((r) => r.target) };
  }
  const code = (answer: RawAnswer) => (JSON.parse(answer.body) as { code: string }).code;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    installDatabase(database);
    const db = database.db;
    backend = await startRecordingBackend();
    const owner = await createUser(db);
    const api = await createApi(db, {
      context: "/ps",
      isDefaultVersion: true,
      production: `${backend.url}/base`,
      resources: [
        { method: "GET", target: "/open/*", authType: "None" },
        { method: "GET", target: "/admin/*" },
        { method: "GET", target: "/*", authType: "None" },
      ],
    });
    const signed = await createApi(db, { context: "/signed", production: `${backend.url}/base`, sendBackendJwt: true });
    ({ token } = await createApplicationWithToken(db, owner, { apiIds: [api.id, signed.id] }));
    gateway = await startTestGateway(db);
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
    await database?.close();
  });

  it("serves the plain path as it is", async () => {
    const { answer, targets } = await forwarded(() => send(`${API}/open/x?y=1`));
    expect(answer.status).toBe(200);
    expect(targets).toEqual(["/base/open/x?y=1"]);
  });

  it.each(REFUSED)("refuses %s with the gateway's 400, forwarding nothing", async (target) => {
    for (const headers of [{}, authorized()]) {
      const { answer, targets } = await forwarded(() => send(target, headers));
      expect(answer.status).toBe(400);
      expect(answer.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(answer.body)).toMatchObject({ code: "400", message: "Bad Request", description: expect.any(String) });
      expect(targets).toEqual([]);
    }
  });

  it.each(["*", `http://127.0.0.1${API}/admin/users`, `http://evil.example${API}/open/x`])("refuses the target %s, which is not a path", async (target) => {
    const { answer, targets } = await forwarded(() => send(target));
    expect(answer.status).toBe(400);
    expect(code(answer)).toBe("400");
    expect(targets).toEqual([]);
  });

  it.each(ADMIN)("applies the secured resource's rules to %s and forwards /admin/users", async (target) => {
    const anonymous = await forwarded(() => send(target));
    expect(anonymous.answer.status).toBe(401);
    expect(code(anonymous.answer)).toBe("900902");
    expect(anonymous.targets).toEqual([]);
    const withToken = await forwarded(() => send(target, authorized()));
    expect(withToken.answer.status).toBe(200);
    expect(withToken.targets).toEqual(["/base/admin/users"]);
  });

  it.each(OPEN)("forwards %s as %s", async (target, expected) => {
    const { answer, targets } = await forwarded(() => send(API + target.replace(/^\/ps\/1\.0\.0/, "")));
    expect(answer.status).toBe(200);
    expect(targets).toEqual([expected]);
  });

  it("never forwards a path that leaves the endpoint's base path", async () => {
    for (const target of [`${API}/../../x`, `${API}/open/../../../x`, `${API}/open/../../../../x`, `${API}/..%2f..%2fx`]) {
      const { answer, targets } = await forwarded(() => send(target));
      expect([400, 404]).toContain(answer.status);
      expect(targets).toEqual([]);
    }
    // Whatever came before: every path the backend ever received is canonical and under /base/.
    for (const { target } of backend.received) {
      const path = target.split("?")[0];
      expect(path.startsWith("/base/")).toBe(true);
      expect(path).not.toMatch(/\/\.\.?(\/|$)|\/\/|%2e|%2f|%5c|\\|;/i);
    }
  });

  it("gives the Fetch mount the answer the listener gives for the path the platform hands it", async () => {
    // A Fetch Request's URL is parsed already (WHATWG): dot segments, `%2e` and `\` arrive resolved.
    // What it hands on is decided the same way as on the listener, with the same answer and backend path.
    for (const target of [...REFUSED, ...ADMIN, ...OPEN.map(([path]) => API + path.replace(/^\/ps\/1\.0\.0/, ""))]) {
      for (const headers of [{}, authorized()]) {
        const url = new URL(`http://gateway.test${target}`);
        const viaFetch = await forwarded(() => gateway.runtime.handler(new Request(url, { headers })));
        const viaListener = await forwarded(() => send(url.pathname + url.search, headers));
        expect({ target, status: viaFetch.answer.status }).toEqual({ target, status: viaListener.answer.status });
        const fetchBody = await viaFetch.answer.text();
        if (viaListener.answer.status !== 200) expect(JSON.parse(fetchBody).code).toBe(code(viaListener.answer));
        expect(viaFetch.targets).toEqual(viaListener.targets);
        // And nothing that reaches /admin does so without credentials.
        if (!("authorization" in headers)) expect(viaFetch.targets.filter((t) => t.startsWith("/base/admin"))).toEqual([]);
      }
    }
  });

  it("never passes on a caller's X-JWT-Assertion or x-portcullis-* headers", async () => {
    const forged = {
      "x-jwt-assertion": "forged.assertion.value",
      "X-JWT-Assertion": "forged.assertion.value",
      "x-portcullis-client-ip": "10.9.9.9",
      "x-portcullis-gateway": "trusted",
      "X-Portcullis-User": "admin",
    };
    const before = backend.received.length;
    expect((await send(`${API}/open/x`, forged)).status).toBe(200);
    const plain = backend.received[before].headers;
    expect(plain["x-jwt-assertion"]).toBeUndefined();
    expect(Object.keys(plain).filter((name) => name.startsWith("x-portcullis-"))).toEqual([]);
    expect(plain["x-forwarded-for"]).toBe("127.0.0.1");

    // On an API that signs one, the backend gets the gateway's own, never the caller's.
    expect((await send("/signed/1.0.0/x", { ...forged, ...authorized() })).status).toBe(200);
    const signed = backend.received.at(-1)!.headers;
    expect(signed["x-jwt-assertion"]).not.toContain("forged");
    expect(decodeJwt(signed["x-jwt-assertion"] as string)).toMatchObject({ "http://wso2.org/claims/apicontext": "/signed" });
  });
});
