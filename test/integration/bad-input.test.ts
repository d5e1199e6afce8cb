import { captureLogs } from "@/test/harness/logs";
import { createRootLogger } from "@/lib/log";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import * as signupRoute from "@/app/api/v1/signup/route";
import * as userRoute from "@/app/api/v1/admin/users/[userId]/route";
import * as usersRoute from "@/app/api/v1/admin/users/route";
import * as policiesRoute from "@/app/api/v1/admin/throttling-policies/route";
import * as blockingRoute from "@/app/api/v1/admin/blocking-conditions/route";
import * as applicationsRoute from "@/app/api/v1/devportal/applications/route";
import * as commentsRoute from "@/app/api/v1/devportal/apis/[apiId]/comments/route";
import * as apisRoute from "@/app/api/v1/publisher/apis/route";
import * as apiRoute from "@/app/api/v1/publisher/apis/[apiId]/route";
import * as documentsRoute from "@/app/api/v1/publisher/apis/[apiId]/documents/route";
import * as versionsRoute from "@/app/api/v1/publisher/apis/[apiId]/versions/route";
import * as alertRulesRoute from "@/app/api/v1/publisher/apis/[apiId]/alert-rules/route";
import * as tokenRoute from "@/app/oauth2/token/route";
import * as registerRoute from "@/app/oauth2/register/route";
import { problemFromError } from "@/lib/http/problem";
import { runAction } from "@/lib/http/action-result";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, TEST_PASSWORD, uniqueSuffix } from "@/test/harness/factories";
import { createCatalogueApi, createOwnApplication } from "./devportal-fixtures";
import { superUserToken, type Handler } from "./rest-fixtures";

const BASE = "http://localhost:3000";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every management REST route, found on disk, so a new route is swept without being listed here. */
const ROUTES = Object.entries(import.meta.glob("/app/api/v1/**/route.ts", { eager: true }) as Record<string, Record<string, unknown>>).map(
  ([file, module]) => ({
    file,
    path: file.replace(/^\/app/, "").replace(/\/route\.ts$/, ""),
    params: [...file.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]),
    handlers: METHODS.filter((m) => typeof module[m] === "function").map((method) => ({ method, handler: module[method] as Handler })),
  }),
);

const BAD_IDS = ["not-a-uuid", "\u0000", "%00", "abc\u0000def", "' or 1=1 --", "x".repeat(5000), "00000000-0000-0000-0000-00000000000g", "%ZZ", "\ud800"];
const BAD_QUERIES = ["?query=%00", "?x=%00", "?%00=1", "?query=%ZZ", "?query=%E0%A4%A", "?query=a%C0", `?query=${"a".repeat(20000)}`, "?applicationId=not-a-uuid", "?id=%00", "?id=nope", "?level=%01", "?range=%00", "?from=%00&to=%00&range=custom", "?tag=%00", "?state=%00", "?format=%00"];
const BAD_STRINGS = ["nul\u0000here", "ctl\u0001\u001f", "\ud800", "x".repeat(100_000)];
const FIELDS = ["name", "email", "password", "content", "definition", "description", "context", "version", "url", "value", "type", "summary", "sourceUrl", "throttlingTier", "applicationId", "apiId", "callbackUrl", "state", "action", "keyType", "scopes", "roles", "rating", "disabled"];

/** A body that puts `value` into every field the services read, and into an array and a nested object. */
function hostileBody(value: string) {
  const body: Record<string, unknown> = Object.fromEntries(FIELDS.map((f) => [f, value]));
  body.tags = [value];
  body.endpoints = { production: value, sandbox: value };
  body[value.slice(0, 50)] = "key";
  return body;
}

/** Every path to a string inside a JSON value. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

function replaced(value: unknown, path: (string | number)[], by: string): unknown {
  if (path.length === 0) return by;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[path[0]] = replaced(copy[path[0]], path.slice(1), by);
  return copy;
}

function paramsFor(names: string[], valid: Record<string, string>, bad?: { name: string; value: string }) {
  return Object.fromEntries(names.map((n) => [n, bad?.name === n ? bad.value : (valid[n] ?? "00000000-0000-4000-8000-000000000000")]));
}

describeEachInstalledDatabase("bad input never ends as a 500", (db) => {
  it("sweeps every /api/v1 route with malformed ids, hostile query strings and hostile bodies", { timeout: 240_000 }, async () => {
    expect(ROUTES.length).toBeGreaterThan(40);
    const { user, token } = await superUserToken(db());
    const api = await createCatalogueApi(db(), { createdBy: user.id });
    const app = await createOwnApplication(db(), user);
    const valid: Record<string, string> = { apiId: api.id, applicationId: app.id, keyType: "PRODUCTION", report: "totals" };
    const auth = { authorization: `Bearer ${token}` };
    const failures: string[] = [];
    const check = async (what: string, response: Promise<Response>, expected?: number) => {
      const status = (await response).status;
      if (status >= 500 || (expected !== undefined && status !== expected)) failures.push(`${what} -> ${status}`);
    };
    const call = (handler: Handler, method: string, params: Record<string, string>, init: { search?: string; body?: BodyInit; type?: string } = {}) => {
      const headers: Record<string, string> = { ...auth };
      if (init.type) headers["content-type"] = init.type;
      return handler(new Request(`${BASE}/api/v1/x${init.search ?? ""}`, { method, headers, body: init.body }), { params: Promise.resolve(params) });
    };

    for (const route of ROUTES) {
      for (const { method, handler } of route.handlers) {
        for (const name of route.params) {
          for (const value of BAD_IDS) {
            const expected = /Id$/.test(name) ? 404 : undefined;
            await check(`${method} ${route.path} ${name}=${JSON.stringify(value.slice(0, 20))}`, call(handler, method, paramsFor(route.params, valid, { name, value })), expected);
          }
        }
      }
    }
    for (const route of ROUTES) {
      for (const { method, handler } of route.handlers.filter((h) => h.method === "GET")) {
        for (const search of BAD_QUERIES) {
          const expected = /%00|%01/.test(search) ? 400 : undefined;
          await check(`${method} ${route.path}${search.slice(0, 40)}`, call(handler, method, paramsFor(route.params, valid), { search }), expected);
        }
      }
    }
    for (const route of ROUTES) {
      for (const { method, handler } of route.handlers.filter((h) => h.method !== "GET" && h.method !== "DELETE")) {
        const params = paramsFor(route.params, valid);
        for (const value of BAD_STRINGS) {
          await check(`${method} ${route.path} json ${JSON.stringify(value.slice(0, 12))}`, call(handler, method, params, { type: "application/json", body: JSON.stringify(hostileBody(value)) }));
          const form = new FormData();
          for (const [k, v] of Object.entries(hostileBody(value))) if (typeof v === "string") form.set(k, v);
          form.set("file", new Blob([value]), value.slice(0, 20));
          await check(`${method} ${route.path} multipart ${JSON.stringify(value.slice(0, 12))}`, call(handler, method, params, { body: form }));
          await check(`${method} ${route.path} yaml ${JSON.stringify(value.slice(0, 12))}`, call(handler, method, params, { type: "application/yaml", body: `openapi: 3.0.0\ninfo: {title: "${value}", version: "1"}\npaths: {}\n` }));
        }
        for (const [type, body] of [["application/json", "{not json"], ["application/json", ""], ["application/json", "[]"], ["application/json", "null"], ["text/plain", "\u0000"], ["application/x-www-form-urlencoded", "a=%00"]]) {
          await check(`${method} ${route.path} ${type} ${JSON.stringify(body)}`, call(handler, method, params, { type, body }));
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses a hostile value in each field of otherwise valid bodies with a 4xx, a control character with a 422", { timeout: 120_000 }, async () => {
    const { user, token } = await superUserToken(db());
    const api = await createCatalogueApi(db(), { createdBy: user.id });
    const s = () => uniqueSuffix();
    const cases: { name: string; handler: Handler; params?: Record<string, string>; method: string; body: () => unknown }[] = [
      { name: "sign-up", handler: signupRoute.POST as Handler, method: "POST", body: () => ({ email: `f-${s()}@example.test`, name: "Fuzz", password: "long enough password" }) },
      { name: "admin user", handler: usersRoute.POST as Handler, method: "POST", body: () => ({ email: `u-${s()}@example.test`, name: "User", roles: ["creator"] }) },
      { name: "policy", handler: policiesRoute.POST as Handler, method: "POST", body: () => ({ level: "SUBSCRIPTION", name: `Tier${s()}`, description: "d", requestCount: 100, unitTime: 1, timeUnit: "min" }) },
      { name: "blocking", handler: blockingRoute.POST as Handler, method: "POST", body: () => ({ type: "USER", value: user.email }) },
      { name: "application", handler: applicationsRoute.POST as Handler, method: "POST", body: () => ({ name: `App ${s()}`, description: "d", throttlingTier: "50PerMin" }) },
      { name: "comment", handler: commentsRoute.POST as Handler, params: { apiId: api.id }, method: "POST", body: () => ({ content: "nice" }) },
      {
        name: "api",
        handler: apisRoute.POST as Handler,
        method: "POST",
        body: () => ({ name: `Fuzz${s()}`, context: `/fuzz-${s()}`, version: "1.0.0", description: "d", tags: ["t"], endpoints: { production: { url: "https://backend.example.test" } }, resources: [{ method: "GET", target: "/a" }] }),
      },
      { name: "api update", handler: apiRoute.PUT as Handler, params: { apiId: api.id }, method: "PUT", body: () => ({ description: "d", tags: ["t"] }) },
      { name: "document", handler: documentsRoute.POST as Handler, params: { apiId: api.id }, method: "POST", body: () => ({ name: `Doc ${s()}`, type: "HOWTO", source: "INLINE", summary: "s", content: "# Hi" }) },
      { name: "version", handler: versionsRoute.POST as Handler, params: { apiId: api.id }, method: "POST", body: () => ({ version: `9.${Math.floor(Math.random() * 1e6)}.0` }) },
      { name: "alert rule", handler: alertRulesRoute.POST as Handler, params: { apiId: api.id }, method: "POST", body: () => ({ kind: "ERROR_RATE", threshold: 20, windowMinutes: 5, webhookUrl: "https://hooks.example.test/a" }) },
    ];
    const failures: string[] = [];
    for (const c of cases) {
      const send = (body: unknown) =>
        c.handler(
          new Request(`${BASE}/api/v1/x`, { method: c.method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
          { params: Promise.resolve(c.params ?? {}) },
        );
      const baseline = await send(c.body());
      if (baseline.status >= 300) failures.push(`${c.name} baseline -> ${baseline.status} ${await baseline.text()}`);
      for (const path of stringPaths(c.body())) {
        for (const value of BAD_STRINGS) {
          const status = (await send(replaced(c.body(), path, value))).status;
          const control = /[\u0000-\u001f\ud800]/.test(value);
          if (status >= 500 || (control && status !== 422)) {
            failures.push(`${c.name} ${path.join(".")}=${JSON.stringify(value.slice(0, 12))} -> ${status}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses a NUL in a sign-up anonymously with a 422 naming the field", async () => {
    for (const [field, value] of [["name", "Nul\u0000Name"], ["email", "nul\u0000@example.test"], ["password", "pass\u0000word-long"]]) {
      const body = { email: "fresh-nul@example.test", name: "Fresh", password: "long enough password", [field]: value };
      const response = await signupRoute.POST(
        new Request(`${BASE}/api/v1/signup`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
        { params: Promise.resolve({}) },
      );
      expect(response.status).toBe(422);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(((await response.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([field]);
    }
  });

  it("answers 404 to a malformed user id in the admin API, as to one that does not exist", async () => {
    const { token } = await superUserToken(db());
    for (const userId of ["not-a-uuid", "\u0000", "00000000-0000-4000-8000-000000000000"]) {
      const response = await userRoute.GET(new Request(`${BASE}/api/v1/admin/users/x`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ userId }) });
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("refuses NUL bytes in HTTP Basic credentials and OAuth forms without a 500", async () => {
    const owner = await createUser(db());
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    for (const authorization of [basic(`${owner.email}\u0000`, TEST_PASSWORD), basic("\u0000", "\u0000"), basic(owner.email, `${TEST_PASSWORD}\u0000`)]) {
      const response = await registerRoute.POST(
        new Request(`${BASE}/oauth2/register`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify({ client_name: "x" }) }),
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: "access_denied" });
    }
    const form = (body: Record<string, string>, authorization?: string) =>
      tokenRoute.POST(
        new Request(`${BASE}/oauth2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) },
          body: new URLSearchParams(body).toString(),
        }),
      );
    for (const [authorization, body] of [
      [basic("client\u0000id", "secret"), { grant_type: "client_credentials" }],
      [basic("client%00id", "secret"), { grant_type: "client_credentials" }],
      [undefined, { grant_type: "client_credentials", client_id: "a\u0000", client_secret: "b" }],
      [undefined, { grant_type: "password", client_id: "a", client_secret: "b", username: "\u0000", password: "\u0000" }],
    ] as const) {
      const response = await form(body, authorization);
      expect([400, 401]).toContain(response.status);
      expect(((await response.json()) as { error: string }).error).toMatch(/^invalid_(client|request)$/);
    }
  });

  it("logs an unexpected database error without the query's parameters", async () => {
    const secret = "$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0LWhhc2g";
    let thrown: unknown;
    try {
      await db().execute(sql`select ${secret}::int as n`);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect(String((thrown as Error).message)).toContain(secret);
    // Through the Edge-safe JSON writer, as the tests capture every logger…
    const logs = captureLogs();
    try {
      expect(problemFromError(thrown).status).toBe(500);
      expect(await runAction(() => Promise.reject(thrown))).toMatchObject({ ok: false });
    } finally {
      logs.restore();
    }
    expect(logs.at("error")).toHaveLength(2);
    // …and through pino, as the Node processes write it.
    const written: string[] = [];
    createRootLogger({ level: "debug", destination: { write: (line: string) => void written.push(line) } }).error({ err: thrown }, "unexpected error");
    expect(written).toHaveLength(1);
    for (const text of [JSON.stringify(logs.lines), written.join("")]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain("c2VjcmV0LWhhc2g");
      expect(text).toContain("select $1::int");
      expect(text).toContain("22P02");
    }
  });
});
