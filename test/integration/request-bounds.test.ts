import { expect, it } from "vitest";
import * as signupRoute from "@/app/api/v1/signup/route";
import * as rolesRoute from "@/app/api/v1/admin/users/[userId]/roles/route";
import * as applicationsRoute from "@/app/api/v1/devportal/applications/route";
import * as documentsRoute from "@/app/api/v1/publisher/apis/[apiId]/documents/route";
import * as importRoute from "@/app/api/v1/publisher/apis/import-openapi/route";
import * as thumbnailRoute from "@/app/api/v1/publisher/apis/[apiId]/thumbnail/route";
import * as tokenRoute from "@/app/oauth2/token/route";
import * as registerRoute from "@/app/oauth2/register/route";
import * as nextAuthRoute from "@/app/api/auth/[...nextauth]/route";
import { NextRequest } from "next/server";
import { JSON_BODY_LIMIT } from "@/lib/http/read-body";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, TEST_PASSWORD, uniqueSuffix } from "@/test/harness/factories";
import { createCatalogueApi } from "./devportal-fixtures";
import { basicHeader } from "./oauth-fixtures";
import { chunkedBody, streamingRequest, superUserToken, type Handler } from "./rest-fixtures";

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;
const BASE = "http://localhost:3000";

function send<P>(handler: Handler<P>, params: P, request: Request) {
  return handler(request, { params: Promise.resolve(params) });
}

/** 413 problem+json, and the server stopped pulling soon after the cap instead of reading the whole body. */
async function expectRefusedWhileStreaming(response: Response, stats: { pulled: number; cancelled: boolean }, capBytes: number, totalBytes: number) {
  expect(response.status).toBe(413);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(await response.json()).toMatchObject({ status: 413, title: "Payload too large" });
  expect(stats.cancelled).toBe(true);
  expect(stats.pulled * CHUNK).toBeLessThanOrEqual(capBytes + 3 * CHUNK);
  expect(stats.pulled * CHUNK).toBeLessThan(totalBytes);
}

function signupBody(padTo = 0): string {
  const json = JSON.stringify({ email: `pad-${uniqueSuffix()}@example.test`, name: "Pad Ded", password: "long enough password" });
  return json + " ".repeat(Math.max(0, padTo - json.length));
}

describeEachInstalledDatabase("request bodies are capped while they stream", (db) => {
  it("refuses a 5 MB chunked sign-up anonymously with 413, without reading it all", async () => {
    const { stream, stats } = chunkedBody(5 * MB, { prefix: '{"email":"' });
    const request = streamingRequest(`${BASE}/api/v1/signup`, { method: "POST", headers: { "content-type": "application/json" }, body: stream });
    await expectRefusedWhileStreaming(await send(signupRoute.POST, {}, request), stats, JSON_BODY_LIMIT, 5 * MB);
  });

  it("refuses a 5 MB chunked body on an authenticated JSON route, with or without a content type", async () => {
    const { user, token } = await superUserToken(db());
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const roles = chunkedBody(5 * MB, { prefix: '{"roles":["' });
    const rolesRequest = streamingRequest(`${BASE}/api/v1/admin/users/${user.id}/roles`, { method: "PUT", headers, body: roles.stream });
    await expectRefusedWhileStreaming(await send(rolesRoute.PUT, { userId: user.id }, rolesRequest), roles.stats, JSON_BODY_LIMIT, 5 * MB);

    const untyped = chunkedBody(5 * MB);
    const untypedRequest = streamingRequest(`${BASE}/api/v1/devportal/applications`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: untyped.stream });
    await expectRefusedWhileStreaming(await send(applicationsRoute.POST, {}, untypedRequest), untyped.stats, JSON_BODY_LIMIT, 5 * MB);
  });

  it("caps definitions, documents and thumbnails where the services' limits are (12 MB, 2 MB)", async () => {
    const { token } = await superUserToken(db());
    const api = await createCatalogueApi(db());
    const auth = { authorization: `Bearer ${token}` };
    const cases: { handler: Handler<{ apiId: string }>; url: string; method: string; type: string; cap: number; total: number }[] = [
      { handler: importRoute.POST as unknown as Handler<{ apiId: string }>, url: "/api/v1/publisher/apis/import-openapi", method: "POST", type: "application/yaml", cap: 12 * MB, total: 20 * MB },
      { handler: documentsRoute.POST, url: `/api/v1/publisher/apis/${api.id}/documents`, method: "POST", type: "application/json", cap: 12 * MB, total: 20 * MB },
      { handler: documentsRoute.POST, url: `/api/v1/publisher/apis/${api.id}/documents`, method: "POST", type: "multipart/form-data; boundary=x", cap: 12 * MB, total: 20 * MB },
      { handler: thumbnailRoute.PUT, url: `/api/v1/publisher/apis/${api.id}/thumbnail`, method: "PUT", type: "image/png", cap: 2 * MB, total: 5 * MB },
    ];
    for (const c of cases) {
      const { stream, stats } = chunkedBody(c.total);
      const request = streamingRequest(BASE + c.url, { method: c.method, headers: { ...auth, "content-type": c.type }, body: stream });
      await expectRefusedWhileStreaming(await send(c.handler, { apiId: api.id }, request), stats, c.cap, c.total);
    }
  });

  it("does not trust Content-Length: a small one over a large body is still capped, a large one is refused unread", async () => {
    const lying = chunkedBody(5 * MB);
    const small = streamingRequest(`${BASE}/api/v1/signup`, { method: "POST", headers: { "content-type": "application/json", "content-length": "100" }, body: lying.stream });
    await expectRefusedWhileStreaming(await send(signupRoute.POST, {}, small), lying.stats, JSON_BODY_LIMIT, 5 * MB);

    const declared = chunkedBody(1024);
    const large = streamingRequest(`${BASE}/api/v1/signup`, { method: "POST", headers: { "content-type": "application/json", "content-length": String(300 * MB) }, body: declared.stream });
    const response = await send(signupRoute.POST, {}, large);
    expect(response.status).toBe(413);
    // A stream fills its queue once when it is made; the reader asks for nothing more.
    expect(declared.stats.pulled).toBeLessThanOrEqual(1);
    expect(declared.stats.cancelled).toBe(true);
  });

  it("accepts a body just under the cap and refuses one just over it", async () => {
    const under = signupBody(JSON_BODY_LIMIT);
    expect(Buffer.byteLength(under)).toBe(JSON_BODY_LIMIT);
    const ok = await send(signupRoute.POST, {}, new Request(`${BASE}/api/v1/signup`, { method: "POST", headers: { "content-type": "application/json" }, body: under }));
    expect(ok.status).toBe(201);
    const over = signupBody(JSON_BODY_LIMIT + 1);
    const refused = await send(signupRoute.POST, {}, new Request(`${BASE}/api/v1/signup`, { method: "POST", headers: { "content-type": "application/json" }, body: over }));
    expect(refused.status).toBe(413);
  });

  it("answers a 100 KB chunked form to the token endpoint, and metadata to registration, with a 413 OAuth error", async () => {
    const form = chunkedBody(100 * 1024, { chunkBytes: 4 * 1024, prefix: "grant_type=client_credentials&x=" });
    const token = await tokenRoute.POST(
      streamingRequest(`${BASE}/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.stream }),
    );
    expect(token.status).toBe(413);
    expect(token.headers.get("content-type")).toContain("application/json");
    expect(await token.json()).toMatchObject({ error: "invalid_request" });
    expect(form.stats.cancelled).toBe(true);
    expect(form.stats.pulled * 4 * 1024).toBeLessThanOrEqual(16 * 1024 + 8 * 1024);

    const owner = await createUser(db(), { roles: ["subscriber"] });
    const metadata = chunkedBody(100 * 1024, { chunkBytes: 4 * 1024, prefix: '{"client_name":"' });
    const registered = await registerRoute.POST(
      streamingRequest(`${BASE}/oauth2/register`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: basicHeader(owner.email, TEST_PASSWORD) },
        body: metadata.stream,
      }),
    );
    expect(registered.status).toBe(413);
    expect(await registered.json()).toMatchObject({ error: "invalid_request" });
    expect(metadata.stats.cancelled).toBe(true);
  });

  it("answers a chunked 5 MB body to next-auth's sign-in callback with 413, reading no more than 16 KB of it", async () => {
    const form = chunkedBody(5 * MB, { chunkBytes: 4 * 1024, prefix: "csrfToken=x&email=a%40b.example&password=" });
    const request = new NextRequest(
      streamingRequest(`${BASE}/api/auth/callback/credentials`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.stream }),
    );
    const response = await nextAuthRoute.POST(request, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(response.status).toBe(413);
    expect(form.stats.cancelled).toBe(true);
    expect(form.stats.pulled * 4 * 1024).toBeLessThanOrEqual(16 * 1024 + 8 * 1024);
  });
});
