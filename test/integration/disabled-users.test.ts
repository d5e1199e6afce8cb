import * as oauth from "oauth4webapi";
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as userRoute from "@/app/api/v1/admin/users/[userId]/route";
import * as applicationsRoute from "@/app/api/v1/devportal/applications/route";
import * as applicationTokenRoute from "@/app/api/v1/devportal/applications/[applicationId]/keys/[keyType]/token/route";
import { createApiKey } from "@/lib/keys/api-keys";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { MAX_VALIDITY_SECONDS } from "@/lib/keys/validity";
import type { Actor } from "@/lib/services/context";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, ctxFor, TEST_PASSWORD } from "@/test/harness/factories";
import { createApi, createApplicationWithToken, startBackend, type TestBackend } from "@/test/harness/gateway-fixtures";
import { freePort, startGatewayThread, startTestGateway, type TestGateway } from "@/test/harness/gateway-process";
import { basicAuth, clientOptions, discover, inProcessFetch } from "./oauth-fixtures";

function rest<P>(handler: (request: Request, context: { params: Promise<P> }) => Promise<Response>, params: P, init: { method: string; token: string; body?: unknown }) {
  const headers = new Headers({ authorization: `Bearer ${init.token}` });
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request("http://localhost:3000/api/v1/x", { method: init.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return handler(request, { params: Promise.resolve(params) });
}

describeEachInstalledDatabase("disabled users lose gateway access at once", (db) => {
  let backend: TestBackend;
  let gateway: TestGateway;
  let apiPath = "";
  let apiId = "";

  beforeAll(async () => {
    backend = await startBackend("disabled-users");
    const api = await createApi(db(), { production: backend.url });
    apiPath = `${api.context}/1.0.0/echo`;
    gateway = await startTestGateway(db());
    apiId = api.id;
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop();
    await backend?.close();
  });

  const call = async (headers: Record<string, string>) => {
    const response = await fetch(`${gateway.url}${apiPath}`, { headers });
    return { status: response.status, body: (await response.json()) as { code?: string } };
  };

  async function subscriberWithCredentials(subscriber: Actor) {
    const { app, keys, token } = await createApplicationWithToken(db(), subscriber, { apiIds: [apiId] });
    const input = { applicationId: app.id, keyType: "PRODUCTION" };
    const apiKey = (await createApiKey({ ctx: ctxFor(db(), subscriber), input: { ...input, validityPeriod: 3600 } })).apiKey;
    return { app, keys, token, apiKey };
  }

  async function adminToken() {
    const admin = await createUser(db(), { roles: ["admin"] });
    return (await createApplicationWithToken(db(), admin, { scopes: ["apim:admin"] })).token;
  }

  it("refuses a disabled user's token and API key on the very next call, and keeps them dead after re-enabling", async () => {
    const subscriber = await createUser(db());
    const { app, token, apiKey } = await subscriberWithCredentials(subscriber);
    await gateway.runtime.store.refresh();
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await call({ apikey: apiKey })).status).toBe(200);

    const admin = await adminToken();
    const disabled = await rest(userRoute.PATCH, { userId: subscriber.id }, { method: "PATCH", token: admin, body: { disabled: true } });
    expect(disabled.status).toBe(200);
    for (const headers of [{ authorization: `Bearer ${token}` }, { apikey: apiKey }] as Record<string, string>[]) {
      const refused = await call(headers);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe("900901");
    }
    // After a full rebuild too (from the database, not only the patch).
    await gateway.runtime.store.refresh();
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(401);

    const enabled = await rest(userRoute.PATCH, { userId: subscriber.id }, { method: "PATCH", token: admin, body: { disabled: false } });
    expect(enabled.status).toBe(200);
    // What was issued before the disabling stays dead; what is issued now works.
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(401);
    expect((await call({ apikey: apiKey })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await issueApplicationToken({ ctx: ctxFor(db(), subscriber), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    await gateway.runtime.store.refresh();
    expect((await call({ authorization: `Bearer ${fresh.accessToken}` })).status).toBe(200);
    // The management API refuses the old token as well.
    expect((await rest(applicationsRoute.GET, {}, { method: "GET", token })).status).toBe(401);
  }, 30_000);

  it("refuses tokens of other users issued through a disabled owner's application", async () => {
    const owner = await createUser(db());
    const { keys } = await subscriberWithCredentials(owner);
    const user = await createUser(db());
    const as = await discover();
    const { client, auth } = basicAuth(keys.consumerKey, keys.consumerSecret);
    const response = await oauth.genericTokenEndpointRequest(as, client, auth, "password", { username: user.email, password: TEST_PASSWORD }, clientOptions());
    const userToken = (await oauth.processGenericTokenEndpointResponse(as, client, response)).access_token;
    await gateway.runtime.store.refresh();
    expect((await call({ authorization: `Bearer ${userToken}` })).status).toBe(200);
    const admin = await adminToken();
    expect((await rest(userRoute.PATCH, { userId: owner.id }, { method: "PATCH", token: admin, body: { disabled: true } })).status).toBe(200);
    const refused = await call({ authorization: `Bearer ${userToken}` });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe("900901");
  });

  it("refuses a disabled user's token on the very next call at the embedded gateway's own thread too", async () => {
    const port = await freePort();
    const thread = await startGatewayThread(db(), { port });
    try {
      const subscriber = await createUser(db());
      const { token } = await subscriberWithCredentials(subscriber);
      const viaThread = () => fetch(`http://127.0.0.1:${port}${apiPath}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      // The thread has no database of its own: wait for the rebuild that brings the new subscription.
      for (let i = 0; i < 50 && (await viaThread()) !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await viaThread()).toBe(200);
      const admin = await adminToken();
      expect((await rest(userRoute.PATCH, { userId: subscriber.id }, { method: "PATCH", token: admin, body: { disabled: true } })).status).toBe(200);
      expect(await viaThread()).toBe(401);
    } finally {
      await thread.stop();
    }
  }, 60_000);

  it("lets only an administrator ask for a token that never expires, and gives it an exp that standard clients accept", async () => {
    const subscriber = await createUser(db());
    const subscriberApp = (await subscriberWithCredentials(subscriber)).app;
    const subscriberToken = (await issueApplicationToken({ ctx: ctxFor(db(), subscriber), input: { applicationId: subscriberApp.id, keyType: "PRODUCTION", scopes: ["apim:subscribe"] } })).accessToken;
    const asked = await rest(applicationTokenRoute.POST, { applicationId: subscriberApp.id, keyType: "PRODUCTION" }, { method: "POST", token: subscriberToken, body: { validityPeriod: -1 } });
    expect(asked.status).toBe(422);
    const createdForever = await rest(applicationsRoute.POST, {}, { method: "POST", token: subscriberToken, body: { name: "Forever", tokenValiditySeconds: -1 } });
    expect(createdForever.status).toBe(422);

    const as = await discover();
    const { keys: subscriberKeys } = await subscriberWithCredentials(await createUser(db()));
    const refused = await oauth.clientCredentialsGrantRequest(as, { client_id: subscriberKeys.consumerKey }, oauth.ClientSecretBasic(subscriberKeys.consumerSecret), { validity_period: "-1" }, clientOptions());
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: "invalid_request" });

    const admin = await createUser(db(), { roles: ["admin"] });
    const { keys } = await subscriberWithCredentials(admin);
    const { client, auth } = basicAuth(keys.consumerKey, keys.consumerSecret);
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { validity_period: "-1" }, clientOptions());
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    expect(token.expires_in).toBe(MAX_VALIDITY_SECONDS);
    const jwks = (await (await inProcessFetch()(as.jwks_uri!)).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(token.access_token, createLocalJWKSet(jwks), { typ: "at+jwt" });
    expect(payload.exp! - payload.iat!).toBe(MAX_VALIDITY_SECONDS);
    await gateway.runtime.store.refresh();
    expect((await call({ authorization: `Bearer ${token.access_token}` })).status).toBe(200);
  });
});
