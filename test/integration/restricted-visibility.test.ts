import { expect, it } from "vitest";
import * as catalogueRoute from "@/app/api/v1/devportal/apis/route";
import * as apiRoute from "@/app/api/v1/devportal/apis/[apiId]/route";
import * as openapiRoute from "@/app/api/v1/devportal/apis/[apiId]/openapi/route";
import * as documentsRoute from "@/app/api/v1/devportal/apis/[apiId]/documents/route";
import * as ratingsRoute from "@/app/api/v1/devportal/apis/[apiId]/ratings/route";
import * as commentsRoute from "@/app/api/v1/devportal/apis/[apiId]/comments/route";
import * as applicationsRoute from "@/app/api/v1/devportal/applications/route";
import * as subscriptionsRoute from "@/app/api/v1/devportal/subscriptions/route";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createOrganization, createUser, uniqueSuffix } from "@/test/harness/factories";
import { callDevportal as call, createCatalogueApi, NO_PARAMS as none, subscribeToken } from "./devportal-fixtures";

describeEachInstalledDatabase("RESTRICTED APIs stay inside their organization", (db) => {
  it("hides another organization's RESTRICTED API from every developer portal read and write, even to its admins", async () => {
    const tag = `restricted-${uniqueSuffix()}`;
    const api = await createCatalogueApi(db(), { visibility: "RESTRICTED", visibleRoles: ["subscriber", "admin"], tags: [tag] });
    const otherOrg = await createOrganization(db());
    const insider = await createUser(db());
    const outsiders = [await createUser(db(), { organizationId: otherOrg }), await createUser(db(), { organizationId: otherOrg, roles: ["admin"] })];

    const insiderToken = await subscribeToken(db(), insider);
    const insiderListed = await call(catalogueRoute.GET, none, { token: insiderToken, search: `?query=tag:${tag}` });
    expect(((await insiderListed.json()) as { id: string }[]).map((e) => e.id)).toEqual([api.id]);
    expect((await call(apiRoute.GET, { apiId: api.id }, { token: insiderToken })).status).toBe(200);

    for (const outsider of outsiders) {
      const token = await subscribeToken(db(), outsider);
      const listed = await call(catalogueRoute.GET, none, { token, search: `?query=tag:${tag}` });
      expect(listed.status).toBe(200);
      expect(await listed.json()).toEqual([]);
      for (const read of [apiRoute.GET, openapiRoute.GET, documentsRoute.GET, ratingsRoute.GET, commentsRoute.GET]) {
        expect((await call(read, { apiId: api.id }, { token })).status).toBe(404);
      }
      expect((await call(ratingsRoute.POST, { apiId: api.id }, { method: "POST", token, body: { rating: 1 } })).status).toBe(404);
      expect((await call(commentsRoute.POST, { apiId: api.id }, { method: "POST", token, body: { content: "hello" } })).status).toBe(404);
      const app = (await (await call(applicationsRoute.POST, none, { method: "POST", token, body: { name: `Outside ${uniqueSuffix()}` } })).json()) as { id: string };
      const sub = await call(subscriptionsRoute.POST, none, { method: "POST", token, body: { applicationId: app.id, apiId: api.id, throttlingTier: "Unlimited" } });
      expect(sub.status).toBe(404);
    }
  });

  it("still shows a PUBLIC API to every organization", async () => {
    const api = await createCatalogueApi(db());
    const outsider = await createUser(db(), { organizationId: await createOrganization(db()) });
    const token = await subscribeToken(db(), outsider);
    expect((await call(apiRoute.GET, { apiId: api.id }, { token })).status).toBe(200);
  });
});
