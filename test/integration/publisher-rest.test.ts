import { expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { applications, subscriptions } from "@/db/schema";
import type { Actor } from "@/lib/services/context";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createOrganization, createUser, uniqueSuffix } from "@/test/harness/factories";
import * as apisRoute from "@/app/api/v1/publisher/apis/route";
import * as apiRoute from "@/app/api/v1/publisher/apis/[apiId]/route";
import * as importRoute from "@/app/api/v1/publisher/apis/import-openapi/route";
import * as openapiRoute from "@/app/api/v1/publisher/apis/[apiId]/openapi/route";
import * as versionsRoute from "@/app/api/v1/publisher/apis/[apiId]/versions/route";
import * as lifecycleRoute from "@/app/api/v1/publisher/apis/[apiId]/lifecycle/route";
import * as historyRoute from "@/app/api/v1/publisher/apis/[apiId]/lifecycle-history/route";
import * as documentsRoute from "@/app/api/v1/publisher/apis/[apiId]/documents/route";
import * as documentRoute from "@/app/api/v1/publisher/apis/[apiId]/documents/[docId]/route";
import * as contentRoute from "@/app/api/v1/publisher/apis/[apiId]/documents/[docId]/content/route";
import * as endpointTestRoute from "@/app/api/v1/publisher/apis/[apiId]/endpoints/test/route";
import * as thumbnailRoute from "@/app/api/v1/publisher/apis/[apiId]/thumbnail/route";
import * as sampleRoute from "@/app/api/v1/publisher/sample/route";
import * as rolesRoute from "@/app/api/v1/admin/users/[userId]/roles/route";
import * as backendRoute from "@/app/sample-backend/pizzashack/[...path]/route";

/**
 * Route handlers are called directly. Sessions need Next's request context, so the session lookup is
 * mocked to return the test's actor whenever the request carries a session cookie; everything behind
 * it (scope check, services, problem+json) is the real code. Roles are covered per write path at the
 * service level (publisher-apis, lifecycle); here each status code is checked once through REST.
 */
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => session.actor, sessionCtx: async () => ({ actor: session.actor }) }));
const flags = vi.hoisted(() => ({ allowPrivate: true }));
vi.mock("@/lib/config", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/config")>();
  return { ...actual, config: () => ({ ...actual.config(), allowPrivateEndpoints: flags.allowPrivate }) };
});

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
type Call = { as?: Actor | null; method?: string; path?: string; body?: unknown; raw?: BodyInit; type?: string; params?: Record<string, unknown> };

async function call(handler: Handler, { as = null, method = "GET", path = "/", body, raw, type, params = {} }: Call = {}) {
  session.actor = as;
  const headers: Record<string, string> = {};
  if (as) headers.cookie = "next-auth.session-token=test";
  if (body !== undefined) headers["content-type"] = "application/json";
  if (type) headers["content-type"] = type;
  const request = new Request(`http://localhost${path}`, { method, headers, body: body !== undefined ? JSON.stringify(body) : raw });
  return handler(request, { params: Promise.resolve(params) as Promise<never> });
}

const newApiBody = () => ({
  name: `Rest${uniqueSuffix()}`,
  context: `/rest-${uniqueSuffix()}`,
  version: "1.0.0",
  endpoints: { production: { url: "https://backend.example.test" } },
  resources: [{ method: "GET", target: "/a" }, { method: "POST", target: "/b/{id}" }],
});

describeEachInstalledDatabase("publisher REST API", (db) => {
  async function people() {
    const organizationId = await createOrganization(db());
    return {
      creator: await createUser(db(), { roles: ["creator"], organizationId }),
      publisher: await createUser(db(), { roles: ["publisher"], organizationId }),
      subscriber: await createUser(db(), { organizationId }),
      outsider: await createUser(db(), { roles: ["admin", "publisher", "creator"], organizationId: await createOrganization(db()) }),
    };
  }

  it("answers 401, 403, 400, 422, 201, 409 and 404 as problem+json where it fails", async () => {
    const { creator, subscriber, outsider } = await people();
    const unauthenticated = await call(apisRoute.GET);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("content-type")).toBe("application/problem+json");
    expect((await call(apisRoute.POST, { as: subscriber, method: "POST", body: newApiBody() })).status).toBe(403);
    expect((await call(apisRoute.POST, { as: creator, method: "POST", raw: "{nope", type: "application/json" })).status).toBe(400);
    const invalid = await call(apisRoute.POST, { as: creator, method: "POST", body: { ...newApiBody(), context: "nope" } });
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).errors).toEqual([{ field: "context", messages: [expect.any(String)] }]);
    const body = newApiBody();
    const created = await call(apisRoute.POST, { as: creator, method: "POST", body });
    expect(created.status).toBe(201);
    const api = await created.json();
    expect(created.headers.get("location")).toBe(`/api/v1/publisher/apis/${api.id}`);
    expect((await call(apisRoute.POST, { as: creator, method: "POST", body })).status).toBe(409);
    expect((await call(apiRoute.GET, { as: outsider, params: { apiId: api.id } })).status).toBe(404);
    expect((await call(apiRoute.GET, { as: creator, params: { apiId: "not-a-uuid" } })).status).toBe(404);
    expect((await call(apiRoute.PUT, { as: outsider, method: "PUT", params: { apiId: api.id }, body: { description: "x" } })).status).toBe(404);
    expect((await call(apiRoute.PUT, { as: subscriber, method: "PUT", params: { apiId: api.id }, body: { description: "x" } })).status).toBe(403);
    const list = await (await call(apisRoute.GET, { as: creator, path: `/?query=${encodeURIComponent(body.context)}` })).json();
    expect(list.list.map((a: { id: string }) => a.id)).toEqual([api.id]);
  });

  it("runs the lifecycle: 403 for creators, 409 for an illegal move, history afterwards", async () => {
    const { creator, publisher } = await people();
    const api = await (await call(apisRoute.POST, { as: creator, method: "POST", body: newApiBody() })).json();
    const params = { apiId: api.id };
    expect((await call(lifecycleRoute.POST, { as: creator, method: "POST", params, body: { action: "Publish" } })).status).toBe(403);
    expect((await call(lifecycleRoute.POST, { as: publisher, method: "POST", params, body: { action: "Retire" } })).status).toBe(409);
    const published = await call(lifecycleRoute.POST, { as: publisher, method: "POST", params, body: { action: "Publish", deprecateOldVersions: true } });
    expect(await published.json()).toMatchObject({ state: "PUBLISHED", previousState: "CREATED" });
    expect(await (await call(lifecycleRoute.GET, { as: creator, params })).json()).toEqual({
      state: "PUBLISHED",
      allowedActions: ["Block", "Deprecate", "Demote to Created", "Deploy as a Prototype"],
    });
    const history = await (await call(historyRoute.GET, { as: creator, params })).json();
    expect(history.list).toEqual([expect.objectContaining({ action: "Publish", from: "CREATED", to: "PUBLISHED", actor: expect.objectContaining({ email: publisher.email }) })]);
  });

  it("serves, replaces and imports definitions; malformed ones are 422 naming the line", async () => {
    const { creator } = await people();
    const api = await (await call(apisRoute.POST, { as: creator, method: "POST", body: newApiBody() })).json();
    const params = { apiId: api.id };
    const yaml = await call(openapiRoute.GET, { as: creator, params, path: "/?format=yaml&download=1" });
    expect(yaml.headers.get("content-type")).toMatch(/yaml/);
    expect(yaml.headers.get("content-disposition")).toMatch(/attachment/);
    const text = await yaml.text();
    expect(text).toMatch(/^openapi: 3\.0\.3\ninfo:/);
    const edited = text.replace("  /a:\n", "  /renamed:\n");
    const saved = await call(openapiRoute.PUT, { as: creator, method: "PUT", params, raw: edited, type: "application/yaml" });
    expect(saved.status).toBe(200);
    expect((await saved.json()).resources.map((r: { target: string }) => r.target)).toEqual(["/renamed", "/b/{id}"]);
    const broken = await call(openapiRoute.PUT, { as: creator, method: "PUT", params, raw: "openapi: 3.0.3\ninfo: {title: x\n", type: "application/yaml" });
    expect(broken.status).toBe(422);
    const problem = await broken.json();
    expect(problem.errors[0]).toMatchObject({ field: "definition", messages: [expect.stringMatching(/^line \d+: /)] });
    expect((await call(openapiRoute.GET, { as: creator, params, path: "/?format=xml" })).status).toBe(422);

    const form = new FormData();
    form.set("file", new Blob([stringify({ openapi: "3.1.0", info: { title: `Multi${uniqueSuffix()}`, version: "2" }, paths: { "/x": { get: { responses: { "200": { description: "ok" } } } } } })]), "api.yaml");
    form.set("context", `/multi-${uniqueSuffix()}`);
    const imported = await call(importRoute.POST, { as: creator, method: "POST", raw: form });
    expect(imported.status).toBe(201);
    expect((await imported.json()).resources).toEqual([expect.objectContaining({ method: "GET", target: "/x" })]);
    const junk = await call(importRoute.POST, { as: creator, method: "POST", raw: "just: text", type: "application/yaml" });
    expect(junk.status).toBe(422);
  });

  it("creates versions, manages documents and thumbnails, and refuses deleting a subscribed API", async () => {
    const { creator } = await people();
    const api = await (await call(apisRoute.POST, { as: creator, method: "POST", body: newApiBody() })).json();
    const params = { apiId: api.id };
    const version = await call(versionsRoute.POST, { as: creator, method: "POST", params, body: { version: "2.0.0", isDefault: true } });
    expect(version.status).toBe(201);
    expect(await version.json()).toMatchObject({ version: "2.0.0", isDefaultVersion: true, state: "CREATED" });

    const inline = await call(documentsRoute.POST, { as: creator, method: "POST", params, body: { name: "Guide", type: "HOWTO", source: "INLINE", content: "# Hello" } });
    expect(inline.status).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries({ name: "Spec sheet", type: "SAMPLES", source: "FILE" })) form.set(k, v);
    form.set("file", new Blob(["%PDF-1.4 sample"], { type: "application/pdf" }), "sheet.pdf");
    const file = await (await call(documentsRoute.POST, { as: creator, method: "POST", params, raw: form })).json();
    expect(file).toMatchObject({ source: "FILE", fileName: "sheet.pdf", fileSize: 15 });
    const content = await call(contentRoute.GET, { as: creator, params: { ...params, docId: file.id } });
    expect(content.headers.get("content-type")).toBe("application/pdf");
    expect(content.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await content.text()).toBe("%PDF-1.4 sample");
    const forum = await call(documentsRoute.POST, { as: creator, method: "POST", params, body: { name: "Forum", type: "PUBLIC_FORUM", source: "INLINE", content: "x" } });
    expect(forum.status).toBe(422);
    const doc = await inline.json();
    const renamed = await call(documentRoute.PUT, { as: creator, method: "PUT", params: { ...params, docId: doc.id }, body: { name: "Getting started" } });
    expect(await renamed.json()).toMatchObject({ name: "Getting started", content: "# Hello" });
    expect((await call(documentRoute.DELETE, { as: creator, method: "DELETE", params: { ...params, docId: doc.id } })).status).toBe(204);
    expect((await (await call(documentsRoute.GET, { as: creator, params })).json()).list.map((d: { name: string }) => d.name)).toEqual(["Spec sheet"]);

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect((await call(thumbnailRoute.PUT, { as: creator, method: "PUT", params, raw: png, type: "image/png" })).status).toBe(200);
    const thumbnail = await call(thumbnailRoute.GET, { as: creator, params });
    expect(thumbnail.headers.get("content-type")).toBe("image/png");

    const consumer = await createUser(db());
    const [app] = await db().insert(applications).values({ ownerId: consumer.id, name: "A" }).returning();
    await db().insert(subscriptions).values({ applicationId: app.id, apiId: api.id, throttlingTier: "Unlimited" });
    expect((await call(apiRoute.DELETE, { as: creator, method: "DELETE", params })).status).toBe(409);
  });

  it("tests endpoints behind the private-address guard", async () => {
    const { creator } = await people();
    const api = await (await call(apisRoute.POST, { as: creator, method: "POST", body: newApiBody() })).json();
    flags.allowPrivate = false;
    try {
      const refused = await call(endpointTestRoute.POST, { as: creator, method: "POST", params: { apiId: api.id }, body: { url: "http://169.254.169.254/latest" } });
      expect(refused.status).toBe(422);
      expect((await refused.json()).errors[0].field).toBe("url");
    } finally {
      flags.allowPrivate = true;
    }
  });

  it("deploys the PizzaShack sample once, published, with a working backend", async () => {
    const publisher = await createUser(db(), { roles: ["publisher"], organizationId: await createOrganization(db()) });
    const first = await call(sampleRoute.POST, { as: publisher, method: "POST" });
    expect(first.status).toBe(201);
    const api = await first.json();
    expect(api).toMatchObject({ name: "PizzaShackAPI", context: "/pizzashack", version: "1.0.0", state: "PUBLISHED", tags: ["pizza", "food"] });
    expect(api.subscriptionTiers).toEqual(["Unlimited", "Gold", "Silver", "Bronze"]);
    expect(api.resources.map((r: { method: string; target: string }) => `${r.method} ${r.target}`)).toEqual([
      "GET /menu",
      "POST /order",
      "GET /order/{orderId}",
      "PUT /order/{orderId}",
      "DELETE /order/{orderId}",
    ]);
    expect(api.endpoints.production.url).toMatch(/\/sample-backend\/pizzashack\/v1\/api$/);
    const again = await call(sampleRoute.POST, { as: publisher, method: "POST" });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe(api.id);
    const docs = await (await call(documentsRoute.GET, { as: publisher, params: { apiId: api.id } })).json();
    expect(docs.list).toEqual([expect.objectContaining({ type: "HOWTO", source: "INLINE" })]);

    const backend = (method: string, path: string, body?: unknown) =>
      backendRoute.GET(new Request(`http://localhost/sample-backend/pizzashack/${path}`, { method, body: body ? JSON.stringify(body) : undefined }), {
        params: Promise.resolve({ path: path.split("/") }),
      });
    expect((await backend("GET", "v1/api")).status).toBe(200);
    const menu = await (await backend("GET", "v1/api/menu")).json();
    expect(menu).toHaveLength(10);
    expect(menu[0]).toEqual({ name: expect.any(String), description: expect.any(String), price: expect.any(String), icon: expect.any(String) });
    const order = await (await backend("POST", "v1/api/order", { customerName: "Jo", pizzaType: "Garden Fresh", quantity: 2 })).json();
    expect((await (await backend("GET", `v1/api/order/${order.orderId}`)).json()).quantity).toBe(2);
    expect((await (await backend("PUT", `v1/api/order/${order.orderId}`, { ...order, quantity: 3 })).json()).quantity).toBe(3);
    expect((await backend("DELETE", `v1/api/order/${order.orderId}`)).status).toBe(200);
    expect((await backend("GET", `v1/api/order/${order.orderId}`)).status).toBe(404);
    expect((await backend("POST", "v1/api/order", { quantity: "lots" })).status).toBe(400);
  });

  it("lets only admins set roles, and never removes the last admin", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    const user = await createUser(db());
    expect((await call(rolesRoute.PUT, { as: user, method: "PUT", params: { userId: user.id }, body: { roles: ["admin"] } })).status).toBe(403);
    const updated = await call(rolesRoute.PUT, { as: admin, method: "PUT", params: { userId: user.id }, body: { roles: ["creator", "subscriber"] } });
    expect(await updated.json()).toMatchObject({ id: user.id, roles: ["creator", "subscriber"] });
    expect((await call(rolesRoute.PUT, { as: admin, method: "PUT", params: { userId: user.id }, body: { roles: ["wizard"] } })).status).toBe(422);
  });
});
