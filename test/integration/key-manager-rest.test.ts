import { expect, it } from "vitest";
import * as consumerKeysRoute from "@/app/api/v1/devportal/applications/[applicationId]/keys/[keyType]/route";
import * as regenerateRoute from "@/app/api/v1/devportal/applications/[applicationId]/keys/[keyType]/regenerate-secret/route";
import * as tokenRoute from "@/app/api/v1/devportal/applications/[applicationId]/keys/[keyType]/token/route";
import * as apiKeysRoute from "@/app/api/v1/devportal/applications/[applicationId]/api-keys/[keyType]/route";
import * as apiKeyRoute from "@/app/api/v1/devportal/applications/[applicationId]/api-keys/[keyType]/[keyId]/route";
import * as oauthTokenRoute from "@/app/oauth2/token/route";
import * as jwksRoute from "@/app/oauth2/jwks/route";
import * as metadataRoute from "@/app/.well-known/oauth-authorization-server/route";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, ctxFor, TEST_PASSWORD } from "@/test/harness/factories";
import { basicHeader, createApplication } from "./oauth-fixtures";

const BASE = "http://localhost:3000/api/v1/devportal/applications";

function call<P>(
  handler: (request: Request, context: { params: Promise<P> }) => Promise<Response>,
  params: P,
  init: { method: string; token?: string; body?: unknown },
) {
  const headers = new Headers();
  if (init.token !== undefined) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`${BASE}/x`, { method: init.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return handler(request, { params: Promise.resolve(params) });
}

describeEachInstalledDatabase("key manager REST API with Bearer tokens", (db) => {
  /** A user's management token from the password grant, through the mounted /oauth2/token route. */
  async function bearer(email: string, scope: string) {
    const owner = await createUser(db());
    const app = await createApplication(db(), owner.id);
    const keys = await generateConsumerKeys({ ctx: ctxFor(db(), owner), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const response = await oauthTokenRoute.POST(
      new Request("http://localhost:3000/oauth2/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicHeader(keys.consumerKey, keys.consumerSecret) },
        body: new URLSearchParams({ grant_type: "password", username: email, password: TEST_PASSWORD, scope }).toString(),
      }),
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  it("manages consumer keys, tokens and API keys with a Bearer token carrying apim:subscribe", async () => {
    const user = await createUser(db());
    const app = await createApplication(db(), user.id);
    const token = await bearer(user.email, "apim:subscribe");
    const params = { applicationId: app.id, keyType: "production" };

    const generated = await call(consumerKeysRoute.POST, params, { method: "POST", token });
    expect(generated.status).toBe(201);
    const keys = (await generated.json()) as { consumerKey: string; consumerSecret: string; keyType: string };
    expect(keys.keyType).toBe("PRODUCTION");
    expect(keys.consumerSecret).toMatch(/^pcs_/);

    const shown = await call(consumerKeysRoute.GET, params, { method: "GET", token });
    expect(shown.status).toBe(200);
    const body = (await shown.json()) as Record<string, unknown>;
    expect(body.consumerKey).toBe(keys.consumerKey);
    expect(body).not.toHaveProperty("consumerSecret");

    const renewed = await call(regenerateRoute.POST, params, { method: "POST", token });
    expect(((await renewed.json()) as { consumerSecret: string }).consumerSecret).not.toBe(keys.consumerSecret);

    const issued = await call(tokenRoute.POST, params, { method: "POST", token, body: { validityPeriod: 900, scopes: ["apim:subscribe"] } });
    expect(issued.status).toBe(200);
    expect(await issued.json()).toMatchObject({ tokenType: "Bearer", expiresIn: 900, scopes: ["apim:subscribe"] });

    const sandbox = { applicationId: app.id, keyType: "SANDBOX" };
    const created = await call(apiKeysRoute.POST, sandbox, { method: "POST", token, body: { validityPeriod: 3600 } });
    expect(created.status).toBe(201);
    const apiKey = (await created.json()) as { id: string; apiKey: string };
    const listed = (await (await call(apiKeysRoute.GET, sandbox, { method: "GET", token })).json()) as { id: string }[];
    expect(listed.map((k) => k.id)).toEqual([apiKey.id]);
    const deleted = await call(apiKeyRoute.DELETE, { ...sandbox, keyId: apiKey.id }, { method: "DELETE", token });
    expect(deleted.status).toBe(204);

    expect((await call(consumerKeysRoute.DELETE, params, { method: "DELETE", token })).status).toBe(204);
    expect((await call(consumerKeysRoute.GET, params, { method: "GET", token })).status).toBe(404);
  });

  it("answers 403 for a token without the scope, 401 for a bad one, 404 for someone else's application, 422 for a bad key type", async () => {
    const user = await createUser(db(), { roles: ["publisher"] });
    const app = await createApplication(db(), user.id);
    const params = { applicationId: app.id, keyType: "PRODUCTION" };

    const viewOnly = await bearer(user.email, "apim:api_view");
    const forbidden = await call(consumerKeysRoute.POST, params, { method: "POST", token: viewOnly });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toBe("application/problem+json");

    for (const bad of ["garbage", `${viewOnly.slice(0, -6)}AAAAAA`, ""]) {
      expect((await call(consumerKeysRoute.GET, params, { method: "GET", token: bad })).status).toBe(401);
    }

    const token = await bearer(user.email, "apim:subscribe");
    const stranger = await createApplication(db(), (await createUser(db())).id);
    expect((await call(consumerKeysRoute.POST, { ...params, applicationId: stranger.id }, { method: "POST", token })).status).toBe(404);
    const badType = await call(consumerKeysRoute.POST, { ...params, keyType: "STAGING" }, { method: "POST", token });
    expect(badType.status).toBe(422);
    expect(await badType.json()).toMatchObject({ errors: [{ field: "keyType" }] });
    const notJson = await consumerKeysRoute.POST(
      new Request(`${BASE}/x`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, body: "hi" }),
      { params: Promise.resolve(params) },
    );
    expect(notJson.status).toBe(400);
  });

  it("mounts the JWKS and metadata routes", async () => {
    const jwks = await jwksRoute.GET(new Request("http://localhost:3000/oauth2/jwks"));
    expect(((await jwks.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    const metadata = await metadataRoute.GET(new Request("http://localhost:3000/.well-known/oauth-authorization-server"));
    expect(await metadata.json()).toMatchObject({ token_endpoint: "http://localhost:3000/oauth2/token" });
  });
});
