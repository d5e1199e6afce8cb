import { expect, it } from "vitest";
import * as applicationsRoute from "@/app/api/v1/devportal/applications/route";
import * as consumerKeysRoute from "@/app/api/v1/devportal/applications/[applicationId]/keys/[keyType]/route";
import * as regenerateRoute from "@/app/api/v1/devportal/applications/[applicationId]/keys/[keyType]/regenerate-secret/route";
import * as tokenRoute from "@/app/api/v1/devportal/applications/[applicationId]/keys/[keyType]/token/route";
import * as commentsRoute from "@/app/api/v1/devportal/apis/[apiId]/comments/route";
import * as commentRoute from "@/app/api/v1/devportal/apis/[apiId]/comments/[commentId]/route";
import * as usersRoute from "@/app/api/v1/admin/users/route";
import * as oauthTokenRoute from "@/app/oauth2/token/route";
import { addComment, deleteComment } from "@/lib/devportal/comments";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, ctxFor, TEST_PASSWORD, uniqueSuffix } from "@/test/harness/factories";
import { createCatalogueApi, createOwnApplication } from "./devportal-fixtures";
import { basicHeader } from "./oauth-fixtures";

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

function call<P>(handler: Handler<P>, params: P, init: { method?: string; token?: string; body?: unknown } = {}) {
  const headers = new Headers();
  if (init.token !== undefined) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request("http://localhost:3000/api/v1/x", { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return handler(request, { params: Promise.resolve(params) });
}

const none = {} as Record<string, never>;

async function tokenRequest(clientId: string, secret: string, form: Record<string, string>) {
  const response = await oauthTokenRoute.POST(
    new Request("http://localhost:3000/oauth2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicHeader(clientId, secret) },
      body: new URLSearchParams(form).toString(),
    }),
  );
  return { status: response.status, body: (await response.json()) as { access_token: string; scope?: string } };
}

describeEachInstalledDatabase("a narrow token cannot act with, or mint, its user's broader scopes", (db) => {
  /** An admin's management token carrying only `scope`, from the password grant. */
  async function narrowToken(email: string, scope = "apim:subscribe") {
    const owner = await createUser(db());
    const app = await createOwnApplication(db(), owner);
    const keys = await generateConsumerKeys({ ctx: ctxFor(db(), owner), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const { status, body } = await tokenRequest(keys.consumerKey, keys.consumerSecret, { grant_type: "password", username: email, password: TEST_PASSWORD, scope });
    expect(status).toBe(200);
    expect(body.scope).toBe(scope);
    return body.access_token;
  }

  it("the application token route gives an admin's apim:subscribe token no apim:admin", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    const token = await narrowToken(admin.email);
    const app = (await (await call(applicationsRoute.POST, none, { method: "POST", token, body: { name: `Narrow ${uniqueSuffix()}` } })).json()) as { id: string };
    const params = { applicationId: app.id, keyType: "PRODUCTION" };
    expect((await call(consumerKeysRoute.POST, params, { method: "POST", token })).status).toBe(201);
    const issued = await call(tokenRoute.POST, params, { method: "POST", token, body: { scopes: ["apim:admin", "apim:api_publish", "apim:subscribe"] } });
    expect(issued.status).toBe(200);
    const minted = (await issued.json()) as { accessToken: string; scopes: string[] };
    expect(minted.scopes).toEqual(["apim:subscribe"]);
    expect((await call(usersRoute.GET, none, { token: minted.accessToken })).status).toBe(403);
    // The same admin with a broad token still gets what the roles allow.
    const broad = await narrowToken(admin.email, "apim:subscribe apim:admin");
    const wide = await call(tokenRoute.POST, params, { method: "POST", token: broad, body: { scopes: ["apim:admin", "apim:subscribe"] } });
    expect(((await wide.json()) as { scopes: string[] }).scopes).toEqual(["apim:admin", "apim:subscribe"]);
  });

  it("keys generated or a secret regenerated with a narrow token give client_credentials tokens no broader management scope", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    const token = await narrowToken(admin.email);
    const ask = { grant_type: "client_credentials", scope: "apim:admin apim:api_publish apim:subscribe" };

    const generatedApp = (await (await call(applicationsRoute.POST, none, { method: "POST", token, body: { name: `Gen ${uniqueSuffix()}` } })).json()) as { id: string };
    const generated = (await (await call(consumerKeysRoute.POST, { applicationId: generatedApp.id, keyType: "PRODUCTION" }, { method: "POST", token })).json()) as {
      consumerKey: string;
      consumerSecret: string;
    };
    const fromGenerated = await tokenRequest(generated.consumerKey, generated.consumerSecret, ask);
    expect(fromGenerated.status).toBe(200);
    expect(fromGenerated.body.scope).toBe("apim:subscribe");

    // Keys made from the admin's portal session carry the admin's roles; a narrow token regenerating the secret narrows them.
    const sessionApp = await createOwnApplication(db(), admin);
    const sessionKeys = await generateConsumerKeys({ ctx: ctxFor(db(), admin), input: { applicationId: sessionApp.id, keyType: "PRODUCTION" } });
    expect((await tokenRequest(sessionKeys.consumerKey, sessionKeys.consumerSecret, ask)).body.scope).toBe("apim:admin apim:api_publish apim:subscribe");
    const regenerated = await call(regenerateRoute.POST, { applicationId: sessionApp.id, keyType: "PRODUCTION" }, { method: "POST", token });
    expect(regenerated.status).toBe(200);
    const { consumerSecret } = (await regenerated.json()) as { consumerSecret: string };
    const fromRegenerated = await tokenRequest(sessionKeys.consumerKey, consumerSecret, ask);
    expect(fromRegenerated.status).toBe(200);
    expect(fromRegenerated.body.scope).toBe("apim:subscribe");
    expect((await call(usersRoute.GET, none, { token: fromRegenerated.body.access_token })).status).toBe(403);
  });

  it("an admin's apim:subscribe token cannot moderate another user's comment; a session, an apim:api_publish or an apim:admin token can", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    const author = await createUser(db());
    const api = await createCatalogueApi(db());
    const comment = await addComment({ ctx: ctxFor(db(), author), input: { apiId: api.id, content: "mine" } });
    const token = await narrowToken(admin.email);
    const listed = (await (await call(commentsRoute.GET, { apiId: api.id }, { token })).json()) as { id: string; canDelete: boolean }[];
    expect(listed.find((c) => c.id === comment.id)?.canDelete).toBe(false);
    const refused = await call(commentRoute.DELETE, { apiId: api.id, commentId: comment.id }, { method: "DELETE", token });
    expect([403, 404]).toContain(refused.status);

    const publishing = await narrowToken(admin.email, "apim:subscribe apim:api_publish");
    expect((await call(commentRoute.DELETE, { apiId: api.id, commentId: comment.id }, { method: "DELETE", token: publishing })).status).toBe(204);
    const another = await addComment({ ctx: ctxFor(db(), author), input: { apiId: api.id, content: "once more" } });
    const administering = await narrowToken(admin.email, "apim:subscribe apim:admin");
    expect((await call(commentRoute.DELETE, { apiId: api.id, commentId: another.id }, { method: "DELETE", token: administering })).status).toBe(204);
    const second = await addComment({ ctx: ctxFor(db(), author), input: { apiId: api.id, content: "again" } });
    await expect(deleteComment({ ctx: ctxFor(db(), admin), input: { apiId: api.id, commentId: second.id } })).resolves.toEqual({ id: second.id });
  });
});
