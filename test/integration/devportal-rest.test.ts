import { expect, it } from "vitest";
import * as catalogueRoute from "@/app/api/v1/devportal/apis/route";
import * as apiRoute from "@/app/api/v1/devportal/apis/[apiId]/route";
import * as openapiRoute from "@/app/api/v1/devportal/apis/[apiId]/openapi/route";
import * as ratingsRoute from "@/app/api/v1/devportal/apis/[apiId]/ratings/route";
import * as commentsRoute from "@/app/api/v1/devportal/apis/[apiId]/comments/route";
import * as commentRoute from "@/app/api/v1/devportal/apis/[apiId]/comments/[commentId]/route";
import * as applicationsRoute from "@/app/api/v1/devportal/applications/route";
import * as applicationRoute from "@/app/api/v1/devportal/applications/[applicationId]/route";
import * as subscriptionsRoute from "@/app/api/v1/devportal/subscriptions/route";
import * as subscriptionRoute from "@/app/api/v1/devportal/subscriptions/[subscriptionId]/route";
import * as keysRoute from "@/app/api/v1/devportal/applications/[applicationId]/keys/[keyType]/route";
import * as apiKeysRoute from "@/app/api/v1/devportal/applications/[applicationId]/api-keys/[keyType]/route";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser } from "@/test/harness/factories";
import { callDevportal as call, createCatalogueApi, NO_PARAMS as none, subscribeToken } from "./devportal-fixtures";

describeEachInstalledDatabase("developer portal REST API", (db) => {
  it("lets anyone browse the catalogue, an API and its definition, and asks writers to sign in", async () => {
    const api = await createCatalogueApi(db(), { tags: ["rest-public"] });
    const listed = await call(catalogueRoute.GET, none, { search: "?query=tag:rest-public" });
    expect(((await listed.json()) as { id: string }[]).map((e) => e.id)).toEqual([api.id]);
    const shown = await call(apiRoute.GET, { apiId: api.id });
    expect(await shown.json()).toMatchObject({ id: api.id, gatewayUrls: { production: `http://localhost:8280${api.context}/1.0.0`, sandbox: null } });
    const yaml = await call(openapiRoute.GET, { apiId: api.id }, { search: "?format=yaml&download=1" });
    expect(yaml.headers.get("content-type")).toContain("yaml");
    expect(yaml.headers.get("content-disposition")).toContain("attachment");
    expect(await yaml.text()).toContain("openapi:");
    const json = await call(openapiRoute.GET, { apiId: api.id });
    expect(((await json.json()) as { paths: object }).paths).toHaveProperty("/*");
    expect((await call(applicationsRoute.GET, none)).status).toBe(401);
    expect((await call(ratingsRoute.POST, { apiId: api.id }, { method: "POST", body: { rating: 5 } })).status).toBe(401);
    expect((await call(apiRoute.GET, { apiId: (await createCatalogueApi(db(), { state: "CREATED" })).id })).status).toBe(404);
  });

  it("runs the consumer's journey: application, subscription, rating, comment", async () => {
    const user = await createUser(db());
    const token = await subscribeToken(db(), user);
    const api = await createCatalogueApi(db());
    const created = await call(applicationsRoute.POST, none, { method: "POST", token, body: { name: "Shop", throttlingTier: "50PerMin" } });
    expect(created.status).toBe(201);
    const app = (await created.json()) as { id: string };
    const sub = await call(subscriptionsRoute.POST, none, { method: "POST", token, body: { applicationId: app.id, apiId: api.id, throttlingTier: "Bronze" } });
    expect(sub.status).toBe(201);
    const { id: subscriptionId } = (await sub.json()) as { id: string };
    const byApp = await call(subscriptionsRoute.GET, none, { token, search: `?applicationId=${app.id}` });
    expect(((await byApp.json()) as { id: string }[]).map((s) => s.id)).toEqual([subscriptionId]);
    expect((await call(applicationRoute.DELETE, { applicationId: app.id }, { method: "DELETE", token })).status).toBe(409);
    expect((await call(ratingsRoute.POST, { apiId: api.id }, { method: "POST", token, body: { rating: 6 } })).status).toBe(422);
    expect(await (await call(ratingsRoute.POST, { apiId: api.id }, { method: "POST", token, body: { rating: 4 } })).json()).toEqual({ average: 4, count: 1, mine: 4 });
    const comment = await call(commentsRoute.POST, { apiId: api.id }, { method: "POST", token, body: { content: "Works **well**" } });
    expect(comment.status).toBe(201);
    const { id: commentId } = (await comment.json()) as { id: string };
    expect((await call(commentRoute.DELETE, { apiId: api.id, commentId }, { method: "DELETE", token })).status).toBe(204);
    expect((await call(subscriptionsRoute.DELETE, none, { method: "DELETE", token, search: `?id=${subscriptionId}` })).status).toBe(204);
    expect((await call(applicationRoute.DELETE, { applicationId: app.id }, { method: "DELETE", token })).status).toBe(204);
  });

  it("answers 404 to a consumer on every endpoint that touches another consumer's application or subscription", async () => {
    const [alice, bob] = [await createUser(db()), await createUser(db())];
    const [aliceToken, bobToken] = [await subscribeToken(db(), alice), await subscribeToken(db(), bob)];
    const api = await createCatalogueApi(db());
    const app = (await (await call(applicationsRoute.POST, none, { method: "POST", token: aliceToken, body: { name: "Private" } })).json()) as { id: string };
    const sub = (await (
      await call(subscriptionsRoute.POST, none, { method: "POST", token: aliceToken, body: { applicationId: app.id, apiId: api.id, throttlingTier: "Gold" } })
    ).json()) as { id: string };
    const comment = (await (await call(commentsRoute.POST, { apiId: api.id }, { method: "POST", token: aliceToken, body: { content: "mine" } })).json()) as { id: string };

    const applicationId = app.id;
    const attempts: [string, () => Promise<Response>, number][] = [
      ["GET application", () => call(applicationRoute.GET, { applicationId }, { token: bobToken }), 404],
      ["PUT application", () => call(applicationRoute.PUT, { applicationId }, { method: "PUT", token: bobToken, body: { name: "x" } }), 404],
      ["DELETE application", () => call(applicationRoute.DELETE, { applicationId }, { method: "DELETE", token: bobToken, search: "?cascade=true" }), 404],
      ["GET subscriptions of it", () => call(subscriptionsRoute.GET, none, { token: bobToken, search: `?applicationId=${applicationId}` }), 404],
      ["POST subscription with it", () => call(subscriptionsRoute.POST, none, { method: "POST", token: bobToken, body: { applicationId, apiId: api.id, throttlingTier: "Gold" } }), 404],
      ["GET subscription", () => call(subscriptionRoute.GET, { subscriptionId: sub.id }, { token: bobToken }), 404],
      ["DELETE subscription ?id=", () => call(subscriptionsRoute.DELETE, none, { method: "DELETE", token: bobToken, search: `?id=${sub.id}` }), 404],
      ["DELETE subscription/{id}", () => call(subscriptionRoute.DELETE, { subscriptionId: sub.id }, { method: "DELETE", token: bobToken }), 404],
      ["POST keys", () => call(keysRoute.POST, { applicationId, keyType: "PRODUCTION" }, { method: "POST", token: bobToken }), 404],
      ["GET API keys", () => call(apiKeysRoute.GET, { applicationId, keyType: "PRODUCTION" }, { token: bobToken }), 404],
      ["DELETE comment", () => call(commentRoute.DELETE, { apiId: api.id, commentId: comment.id }, { method: "DELETE", token: bobToken }), 403],
    ];
    for (const [what, send, status] of attempts) expect([what, (await send()).status]).toEqual([what, status]);
    const bobs = (await (await call(applicationsRoute.GET, none, { token: bobToken })).json()) as { id: string }[];
    expect(bobs.map((a) => a.id)).not.toContain(applicationId);
    const bobsSubs = (await (await call(subscriptionsRoute.GET, none, { token: bobToken, search: `?apiId=${api.id}` })).json()) as unknown[];
    expect(bobsSubs).toEqual([]);
    expect((await call(applicationRoute.GET, { applicationId }, { token: aliceToken })).status).toBe(200);
  });
});
