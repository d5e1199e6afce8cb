import { expect, it, vi } from "vitest";
import { alerts } from "@/db/schema";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { issueApplicationToken } from "@/lib/keys/application-token";
import type { Actor } from "@/lib/services/context";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createOrganization, createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";
import * as rulesRoute from "@/app/api/v1/publisher/apis/[apiId]/alert-rules/route";
import * as ruleRoute from "@/app/api/v1/publisher/apis/[apiId]/alert-rules/[ruleId]/route";
import * as alertsRoute from "@/app/api/v1/publisher/alerts/route";
import { createOrgApi } from "./analytics-fixtures";
import { createOwnApplication } from "./devportal-fixtures";

/**
 * The alert REST surface, handlers called directly. The session lookup is mocked to return the test's
 * actor when the request carries a session cookie; the scope check, the services and problem+json
 * behind it are the real code.
 */
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getSessionActor: async () => session.actor, sessionCtx: async () => ({ actor: session.actor }) }));

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
type Call = { as?: Actor | null; token?: string; method?: string; path?: string; body?: unknown; raw?: string; params?: Record<string, string> };

async function call(handler: Handler, { as = null, token, method = "GET", path = "/", body, raw, params = {} }: Call = {}) {
  session.actor = as;
  const headers: Record<string, string> = {};
  if (as) headers.cookie = "next-auth.session-token=test";
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`http://localhost${path}`, { method, headers, body: body !== undefined ? JSON.stringify(body) : raw });
  return handler(request, { params: Promise.resolve(params) as Promise<never> });
}

const rule = { kind: "ERROR_RATE", threshold: 20, windowMinutes: 5 };

describeEachInstalledDatabase("alert rules and alerts REST API", (db) => {
  async function people() {
    const organizationId = await createOrganization(db());
    return {
      organizationId,
      creator: await createUser(db(), { roles: ["creator"], organizationId }),
      publisher: await createUser(db(), { roles: ["publisher"], organizationId }),
      subscriber: await createUser(db(), { organizationId }),
      outsider: await createUser(db(), { roles: ["publisher"], organizationId: await createOrganization(db()) }),
    };
  }

  async function tokenFor(user: Actor, scopes: string[]) {
    const ctx = ctxFor(db(), user);
    const app = await createOwnApplication(db(), user, `Tooling ${uniqueSuffix()}`);
    await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
    return (await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", scopes } })).accessToken;
  }

  it("creates, lists, changes and deletes a rule on an API", async () => {
    const { organizationId, creator, publisher } = await people();
    const api = await createOrgApi(db(), organizationId);
    const other = await createOrgApi(db(), organizationId);
    const params = { apiId: api.id };
    const created = await call(rulesRoute.POST, { as: publisher, method: "POST", params, body: { ...rule, webhookUrl: "https://hooks.example.test/alerts" } });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body).toMatchObject({ apiId: api.id, apiName: api.name, kind: "ERROR_RATE", threshold: 20, windowMinutes: 5, webhookUrl: "https://hooks.example.test/alerts", enabled: true });
    expect(created.headers.get("location")).toBe(`/api/v1/publisher/apis/${api.id}/alert-rules/${body.id}`);
    await call(rulesRoute.POST, { as: publisher, method: "POST", params: { apiId: other.id }, body: { kind: "P95_LATENCY", threshold: 800 } });

    const listed = await call(rulesRoute.GET, { as: creator, params });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ count: 1, list: [expect.objectContaining({ id: body.id })] });

    const changed = await call(ruleRoute.PUT, { as: publisher, method: "PUT", params: { ...params, ruleId: body.id }, body: { threshold: 35, webhookUrl: null, enabled: false } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ id: body.id, kind: "ERROR_RATE", threshold: 35, windowMinutes: 5, webhookUrl: null, enabled: false });

    expect((await call(ruleRoute.DELETE, { as: publisher, method: "DELETE", params: { ...params, ruleId: body.id } })).status).toBe(204);
    expect((await (await call(rulesRoute.GET, { as: publisher, params })).json()).list).toEqual([]);
  });

  it("answers a bad body with problem+json: 400 for malformed JSON, 422 naming the field zod refused", async () => {
    const { organizationId, publisher } = await people();
    const params = { apiId: (await createOrgApi(db(), organizationId)).id };
    const malformed = await call(rulesRoute.POST, { as: publisher, method: "POST", params, raw: "{nope" });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe("application/problem+json");
    const invalid = await call(rulesRoute.POST, { as: publisher, method: "POST", params, body: { ...rule, threshold: 150 } });
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("content-type")).toBe("application/problem+json");
    expect(await invalid.json()).toMatchObject({ status: 422, errors: [{ field: "threshold", messages: ["At most 100 %."] }] });
    const unknownKind = await call(rulesRoute.POST, { as: publisher, method: "POST", params, body: { ...rule, kind: "CPU" } });
    expect((await unknownKind.json()).errors).toEqual([{ field: "kind", messages: [expect.any(String)] }]);
    const created = await (await call(rulesRoute.POST, { as: publisher, method: "POST", params, body: rule })).json();
    const badWindow = await call(ruleRoute.PUT, { as: publisher, method: "PUT", params: { ...params, ruleId: created.id }, body: { windowMinutes: 0 } });
    expect(badWindow.status).toBe(422);
    expect((await badWindow.json()).errors).toEqual([{ field: "windowMinutes", messages: ["At least 1 minute."] }]);
  });

  it("answers 404 for another organization's API, an unknown or malformed id, and a rule on another API", async () => {
    const { organizationId, publisher, outsider } = await people();
    const api = await createOrgApi(db(), organizationId);
    const sibling = await createOrgApi(db(), organizationId);
    const params = { apiId: api.id };
    const created = await (await call(rulesRoute.POST, { as: publisher, method: "POST", params, body: rule })).json();
    const unknown = "00000000-0000-4000-8000-000000000000";
    for (const apiId of [unknown, "not-a-uuid"]) {
      const missing = await call(rulesRoute.GET, { as: publisher, params: { apiId } });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toBe("application/problem+json");
      expect((await call(rulesRoute.POST, { as: publisher, method: "POST", params: { apiId }, body: rule })).status).toBe(404);
    }
    expect((await call(rulesRoute.GET, { as: outsider, params })).status).toBe(404);
    expect((await call(rulesRoute.POST, { as: outsider, method: "POST", params, body: rule })).status).toBe(404);
    expect((await call(ruleRoute.PUT, { as: outsider, method: "PUT", params: { ...params, ruleId: created.id }, body: { enabled: false } })).status).toBe(404);
    expect((await call(ruleRoute.DELETE, { as: outsider, method: "DELETE", params: { ...params, ruleId: created.id } })).status).toBe(404);
    expect((await call(ruleRoute.PUT, { as: publisher, method: "PUT", params: { apiId: sibling.id, ruleId: created.id }, body: { enabled: false } })).status).toBe(404);
    expect((await call(ruleRoute.DELETE, { as: publisher, method: "DELETE", params: { apiId: sibling.id, ruleId: created.id } })).status).toBe(404);
    expect((await call(ruleRoute.DELETE, { as: publisher, method: "DELETE", params: { ...params, ruleId: unknown } })).status).toBe(404);
    expect((await call(alertsRoute.GET, { as: outsider, path: `/?apiId=${api.id}` })).status).toBe(404);
    expect((await (await call(rulesRoute.GET, { as: publisher, params })).json()).list).toEqual([expect.objectContaining({ id: created.id, enabled: true })]);
  });

  it("lets only publishers and admins create a rule: a creator and a subscriber get 403", async () => {
    const { organizationId, creator, subscriber } = await people();
    const params = { apiId: (await createOrgApi(db(), organizationId)).id };
    for (const user of [creator, subscriber]) {
      const refused = await call(rulesRoute.POST, { as: user, method: "POST", params, body: rule });
      expect(refused.status).toBe(403);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await call(rulesRoute.GET, { as: subscriber, params })).status).toBe(403);
    expect((await call(rulesRoute.POST, { method: "POST", params, body: rule })).status).toBe(401);
  });

  it("lets only publishers and admins change a rule: a creator and a subscriber get 403", async () => {
    const { organizationId, creator, subscriber } = await people();
    const admin = await createUser(db(), { roles: ["admin"], organizationId: await createOrganization(db()) });
    const params = { apiId: (await createOrgApi(db(), organizationId)).id };
    const created = await (await call(rulesRoute.POST, { as: admin, method: "POST", params, body: rule })).json();
    for (const user of [creator, subscriber]) {
      expect((await call(ruleRoute.PUT, { as: user, method: "PUT", params: { ...params, ruleId: created.id }, body: { enabled: false } })).status).toBe(403);
    }
    const byAdmin = await call(ruleRoute.PUT, { as: admin, method: "PUT", params: { ...params, ruleId: created.id }, body: { enabled: false } });
    expect(await byAdmin.json()).toMatchObject({ id: created.id, enabled: false });
  });

  it("lets only publishers and admins delete a rule: a creator and a subscriber get 403", async () => {
    const { organizationId, creator, subscriber, publisher } = await people();
    const params = { apiId: (await createOrgApi(db(), organizationId)).id };
    const created = await (await call(rulesRoute.POST, { as: publisher, method: "POST", params, body: rule })).json();
    for (const user of [creator, subscriber]) {
      expect((await call(ruleRoute.DELETE, { as: user, method: "DELETE", params: { ...params, ruleId: created.id } })).status).toBe(403);
    }
    expect((await (await call(rulesRoute.GET, { as: creator, params })).json()).count).toBe(1);
  });

  it("checks a Bearer token's scopes: api_view reads, api_publish writes", async () => {
    const { organizationId, publisher } = await people();
    const params = { apiId: (await createOrgApi(db(), organizationId)).id };
    const viewOnly = await tokenFor(publisher, ["apim:api_view", "apim:api_create"]);
    expect((await call(rulesRoute.GET, { token: viewOnly, params })).status).toBe(200);
    expect((await call(rulesRoute.POST, { token: viewOnly, method: "POST", params, body: rule })).status).toBe(403);
    const publishing = await tokenFor(publisher, ["apim:api_publish"]);
    expect((await call(rulesRoute.POST, { token: publishing, method: "POST", params, body: rule })).status).toBe(201);
  });

  it("lists alerts, open first, optionally for one API", async () => {
    const { organizationId, creator, subscriber, outsider, publisher } = await people();
    const api = await createOrgApi(db(), organizationId);
    const other = await createOrgApi(db(), organizationId);
    const onApi = await (await call(rulesRoute.POST, { as: publisher, method: "POST", params: { apiId: api.id }, body: rule })).json();
    const onOther = await (await call(rulesRoute.POST, { as: publisher, method: "POST", params: { apiId: other.id }, body: { kind: "P95_LATENCY", threshold: 800 } })).json();
    const [resolved, open, elsewhere] = await db()
      .insert(alerts)
      .values([
        { ruleId: onApi.id, value: 40, firedAt: new Date("2025-01-01T10:00:00Z"), resolvedAt: new Date("2025-01-01T10:10:00Z") },
        { ruleId: onApi.id, value: 55, firedAt: new Date("2025-01-01T09:00:00Z") },
        { ruleId: onOther.id, value: 1200, firedAt: new Date("2025-01-01T11:00:00Z") },
      ])
      .returning({ id: alerts.id });

    const all = await call(alertsRoute.GET, { as: creator });
    expect(all.status).toBe(200);
    expect(await all.json()).toMatchObject({ count: 3, open: 2, page: 1, pages: 1 });
    const forApi = await (await call(alertsRoute.GET, { as: creator, path: `/?apiId=${api.id}` })).json();
    expect(forApi.list.map((a: { id: string }) => a.id)).toEqual([open.id, resolved.id]);
    expect(forApi.list[0]).toMatchObject({ apiId: api.id, kind: "ERROR_RATE", threshold: 20, value: 55, resolvedAt: null });
    const openOnly = await (await call(alertsRoute.GET, { as: creator, path: "/?status=open" })).json();
    expect(openOnly.list.map((a: { id: string }) => a.id).sort()).toEqual([open.id, elsewhere.id].sort());
    expect((await (await call(alertsRoute.GET, { as: outsider })).json()).list).toEqual([]);
    expect((await call(alertsRoute.GET, { as: subscriber })).status).toBe(403);
    const badStatus = await call(alertsRoute.GET, { as: creator, path: "/?status=closed" });
    expect(badStatus.status).toBe(422);
    expect((await badStatus.json()).errors).toEqual([{ field: "status", messages: [expect.any(String)] }]);
  });
});
