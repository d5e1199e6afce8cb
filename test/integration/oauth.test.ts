import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import * as oauth from "oauth4webapi";
import { expect, it } from "vitest";
import { MAX_VALIDITY_SECONDS } from "@/lib/keys/validity";
import { apis, apiScopes } from "@/db/schema";
import { config } from "@/lib/config";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createOrganization, createUser, ctxFor, TEST_PASSWORD, uniqueSuffix } from "@/test/harness/factories";
import {
  basicAuth,
  basicHeader,
  clientOptions,
  createApplication,
  discover,
  inProcessFetch,
  postAuth,
  postForm,
  type TestClient,
  withAuthorization,
} from "./oauth-fixtures";

describeEachInstalledDatabase("OAuth2 authorization server", (db) => {
  const options = clientOptions();

  async function appKeys(overrides: { tokenValiditySeconds?: number; roles?: ("subscriber" | "publisher" | "admin")[] } = {}) {
    const owner = await createUser(db(), { roles: overrides.roles ?? ["subscriber"] });
    const app = await createApplication(db(), owner.id, { throttlingTier: "50PerMin", tokenValiditySeconds: overrides.tokenValiditySeconds ?? 1800 });
    const keys = await generateConsumerKeys({ ctx: ctxFor(db(), owner), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    return { owner, app, keys };
  }

  async function jwks(as: oauth.AuthorizationServer) {
    const response = await inProcessFetch()(as.jwks_uri!);
    expect(response.headers.get("content-type")).toBe("application/jwk-set+json");
    return createLocalJWKSet((await response.json()) as JSONWebKeySet);
  }

  async function passwordToken(as: oauth.AuthorizationServer, { client, auth }: TestClient, username: string, scope?: string) {
    const response = await oauth.genericTokenEndpointRequest(
      as,
      client,
      auth,
      "password",
      { username, password: TEST_PASSWORD, ...(scope ? { scope } : {}) },
      options,
    );
    return oauth.processGenericTokenEndpointResponse(as, client, response);
  }

  it("publishes RFC 8414 metadata naming every endpoint", async () => {
    const as = await discover();
    const issuer = config().publicUrl;
    expect(as).toMatchObject({
      issuer,
      token_endpoint: `${issuer}/oauth2/token`,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      introspection_endpoint: `${issuer}/oauth2/introspect`,
      jwks_uri: `${issuer}/oauth2/jwks`,
      registration_endpoint: `${issuer}/oauth2/register`,
      grant_types_supported: ["client_credentials", "password", "refresh_token"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      response_types_supported: [],
    });
    expect(as.scopes_supported).toEqual(expect.arrayContaining(["apim:api_view", "apim:api_create", "apim:api_publish", "apim:subscribe", "apim:admin"]));
  });

  it("issues a client_credentials token, verifiable with the JWKS, carrying the application's claims", async () => {
    const as = await discover();
    const { owner, app, keys } = await appKeys();
    const { client, auth } = postAuth(keys.consumerKey, keys.consumerSecret);
    const response = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: "apim:subscribe apim:api_create" }, options);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const token = await oauth.processClientCredentialsResponse(as, client, response);
    expect(token).toMatchObject({ token_type: "bearer", expires_in: 1800, scope: "apim:subscribe" });
    expect(token.refresh_token).toBeUndefined();

    const { payload, protectedHeader } = await jwtVerify(token.access_token, await jwks(as), { issuer: as.issuer, audience: "portcullis" });
    expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      iss: config().publicUrl,
      sub: owner.id,
      aud: "portcullis",
      client_id: keys.consumerKey,
      scope: "apim:subscribe",
      key_type: "PRODUCTION",
      application_id: app.id,
      application_tier: "50PerMin",
      aut: "APPLICATION",
    });
    expect(payload.exp! - payload.iat!).toBe(1800);
    expect(payload.jti).toEqual(expect.any(String));

    // A standard resource server accepts it as an RFC 9068 JWT access token.
    const claims = await oauth.validateJwtAccessToken(
      as,
      new Request("https://gateway.example/menu", { headers: { authorization: `Bearer ${token.access_token}` } }),
      "portcullis",
      options,
    );
    expect(claims.client_id).toBe(keys.consumerKey);
  });

  it("honours validity_period, and a negative one issues a token that lasts ten years, with exp", async () => {
    const as = await discover();
    const { keys } = await appKeys({ tokenValiditySeconds: -1 });
    const { client, auth } = basicAuth(keys.consumerKey, keys.consumerSecret);
    const forever = await oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, auth, {}, options));
    expect(forever.expires_in).toBe(MAX_VALIDITY_SECONDS);
    const { payload } = await jwtVerify(forever.access_token, await jwks(as));
    expect(payload.exp! - payload.iat!).toBe(MAX_VALIDITY_SECONDS);
    const short = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(as, client, auth, { validity_period: "120" }, options),
    );
    expect(short.expires_in).toBe(120);
  });

  it("issues user tokens with the password grant, narrowing scopes to the user's roles", async () => {
    const as = await discover();
    const { keys } = await appKeys();
    const client = basicAuth(keys.consumerKey, keys.consumerSecret);
    const subscriber = await createUser(db(), { roles: ["subscriber"] });
    const token = await passwordToken(as, client, subscriber.email, "apim:subscribe apim:api_create");
    expect(token.scope).toBe("apim:subscribe");
    expect(token.refresh_token).toMatch(/^pcr_/);
    const { payload } = await jwtVerify(token.access_token, await jwks(as));
    expect(payload).toMatchObject({ sub: subscriber.id, aut: "APPLICATION_USER", scope: "apim:subscribe" });

    const publisher = await createUser(db(), { roles: ["publisher"] });
    const publisherToken = await passwordToken(as, client, publisher.email, "apim:api_create apim:api_publish apim:admin");
    expect(publisherToken.scope).toBe("apim:api_create apim:api_publish");
  });

  it("grants an API scope only to users holding one of its roles", async () => {
    const as = await discover();
    const organizationId = await createOrganization(db());
    const [api] = await db()
      .insert(apis)
      .values({ organizationId, name: "Menu", context: `/menu-${uniqueSuffix()}`, version: "1.0.0" })
      .returning();
    const orders = `orders:write:${uniqueSuffix()}`;
    const admin = `menu:admin:${uniqueSuffix()}`;
    await db()
      .insert(apiScopes)
      .values([
        { apiId: api.id, key: orders, name: "Write orders", roles: ["subscriber"] },
        { apiId: api.id, key: admin, name: "Administer menu", roles: ["admin"] },
      ]);
    const { keys } = await appKeys();
    const user = await createUser(db(), { roles: ["subscriber"] });
    const token = await passwordToken(as, basicAuth(keys.consumerKey, keys.consumerSecret), user.email, `${orders} ${admin} unknown:scope`);
    expect(token.scope).toBe(orders);
  });

  it("rotates refresh tokens, and reuse of a spent one revokes the whole grant", async () => {
    const as = await discover();
    const { keys } = await appKeys();
    const { client, auth } = basicAuth(keys.consumerKey, keys.consumerSecret);
    const user = await createUser(db());
    const first = await passwordToken(as, { client, auth }, user.email, "apim:subscribe");

    const second = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token!, options),
    );
    expect(second.refresh_token).toMatch(/^pcr_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.scope).toBe("apim:subscribe");

    const reuse = await oauth
      .processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token!, options))
      .catch((e: unknown) => e);
    expect(reuse).toBeInstanceOf(oauth.ResponseBodyError);
    expect((reuse as oauth.ResponseBodyError).error).toBe("invalid_grant");

    // The thief's copy and the rightful holder's newer token are both dead now, with their access tokens.
    const after = await oauth
      .processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, second.refresh_token!, options))
      .catch((e: unknown) => e);
    expect((after as oauth.ResponseBodyError).error).toBe("invalid_grant");
    for (const access of [first.access_token, second.access_token]) {
      const introspection = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, access, options));
      expect(introspection.active).toBe(false);
    }
  });

  it("refuses to widen scopes on refresh", async () => {
    const as = await discover();
    const { keys } = await appKeys();
    const { client, auth } = basicAuth(keys.consumerKey, keys.consumerSecret);
    const user = await createUser(db(), { roles: ["publisher"] });
    const first = await passwordToken(as, { client, auth }, user.email, "apim:api_view");
    const response = await oauth.refreshTokenGrantRequest(as, client, auth, first.refresh_token!, {
      ...options,
      additionalParameters: { scope: "apim:api_view apim:api_publish" },
    });
    const error = await oauth.processRefreshTokenResponse(as, client, response).catch((e: unknown) => e);
    expect((error as oauth.ResponseBodyError).error).toBe("invalid_scope");
  });

  it("introspects active tokens with their claims, and anything else as inactive", async () => {
    const as = await discover();
    const { app, keys } = await appKeys();
    const { client, auth } = basicAuth(keys.consumerKey, keys.consumerSecret);
    const user = await createUser(db());
    const token = await passwordToken(as, { client, auth }, user.email, "apim:subscribe");

    const active = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, token.access_token, options));
    expect(active).toMatchObject({
      active: true,
      token_type: "Bearer",
      client_id: keys.consumerKey,
      sub: user.id,
      username: user.email,
      scope: "apim:subscribe",
      application_id: app.id,
      aut: "APPLICATION_USER",
      iss: config().publicUrl,
    });
    const refresh = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, token.refresh_token!, { ...options, additionalParameters: { token_type_hint: "refresh_token" } }),
    );
    expect(refresh).toMatchObject({ active: true, client_id: keys.consumerKey, sub: user.id, scope: "apim:subscribe" });

    for (const garbage of ["not-a-token", "pcr_unknown", `${token.access_token.slice(0, -4)}AAAA`]) {
      const inactive = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, garbage, options));
      expect(inactive).toEqual({ active: false });
    }
    // A refresh token is introspectable only by its own client.
    const other = await appKeys();
    const stranger = basicAuth(other.keys.consumerKey, other.keys.consumerSecret);
    const hidden = await oauth.processIntrospectionResponse(
      as,
      stranger.client,
      await oauth.introspectionRequest(as, stranger.client, stranger.auth, token.refresh_token!, options),
    );
    expect(hidden).toEqual({ active: false });
  });

  it("revokes access tokens and refresh tokens (RFC 7009), and answers 200 for unknown ones", async () => {
    const as = await discover();
    const { keys } = await appKeys();
    const { client, auth } = basicAuth(keys.consumerKey, keys.consumerSecret);
    const user = await createUser(db());
    const token = await passwordToken(as, { client, auth }, user.email);

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, token.access_token, options));
    const introspect = (value: string) =>
      oauth.introspectionRequest(as, client, auth, value, options).then((r) => oauth.processIntrospectionResponse(as, client, r));
    expect((await introspect(token.access_token)).active).toBe(false);
    expect((await introspect(token.refresh_token!)).active).toBe(true);

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, token.refresh_token!, options));
    expect((await introspect(token.refresh_token!)).active).toBe(false);
    const refreshed = await oauth
      .processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, token.refresh_token!, options))
      .catch((e: unknown) => e);
    expect((refreshed as oauth.ResponseBodyError).error).toBe("invalid_grant");

    for (const unknown of ["pcr_never-issued", "garbage"]) {
      await expect(oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, unknown, options))).resolves.toBeUndefined();
    }
  });

  it("registers a client for its owner (RFC 7591) and issues it tokens", async () => {
    const as = await discover();
    const owner = await createUser(db(), { roles: ["creator"] });
    const response = await oauth.dynamicClientRegistrationRequest(
      as,
      { client_name: "CI pipeline", grant_types: ["client_credentials"] },
      clientOptions(withAuthorization(basicHeader(owner.email, TEST_PASSWORD))),
    );
    const registered = await oauth.processDynamicClientRegistrationResponse(response);
    expect(registered).toMatchObject({
      client_name: "CI pipeline",
      grant_types: ["client_credentials"],
      client_secret_expires_at: 0,
      token_endpoint_auth_method: "client_secret_basic",
    });
    expect(registered.client_id).toMatch(/^pck_/);
    expect(registered.client_secret).toMatch(/^pcs_/);
    expect(registered.client_id_issued_at).toEqual(expect.any(Number));

    const { client, auth } = basicAuth(registered.client_id, registered.client_secret as string);
    const token = await oauth.processClientCredentialsResponse(
      as,
      client,
      await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: "apim:api_create apim:admin" }, options),
    );
    expect(token.scope).toBe("apim:api_create");
    const { payload } = await jwtVerify(token.access_token, await jwks(as));
    expect(payload).toMatchObject({ sub: owner.id, aut: "APPLICATION", client_id: registered.client_id });
    expect(payload.application_id).toBeUndefined();

    // Registered for client_credentials only: the password grant is not this client's to use.
    const password = await oauth
      .processGenericTokenEndpointResponse(
        as,
        client,
        await oauth.genericTokenEndpointRequest(as, client, auth, "password", { username: owner.email, password: TEST_PASSWORD }, options),
      )
      .catch((e: unknown) => e);
    expect((password as oauth.ResponseBodyError).error).toBe("unauthorized_client");
  });

  it("refuses registration with bad owner credentials (401) or unsupported metadata (400)", async () => {
    const as = await discover();
    const owner = await createUser(db());
    const bad = await oauth.dynamicClientRegistrationRequest(
      as,
      { client_name: "x" },
      clientOptions(withAuthorization(basicHeader(owner.email, "wrong password"))),
    );
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/^Basic /);
    const none = await oauth.dynamicClientRegistrationRequest(as, { client_name: "x" }, options);
    expect(none.status).toBe(401);

    const asOwner = clientOptions(withAuthorization(basicHeader(owner.email, TEST_PASSWORD)));
    const unsupported = await oauth.dynamicClientRegistrationRequest(as, { grant_types: ["authorization_code"] }, asOwner);
    expect(unsupported.status).toBe(400);
    expect(await unsupported.json()).toMatchObject({ error: "invalid_client_metadata" });
    const redirect = await oauth.dynamicClientRegistrationRequest(as, { redirect_uris: ["not a url"] }, asOwner);
    expect(await redirect.json()).toMatchObject({ error: "invalid_redirect_uri" });
  });

  it("answers errors exactly per RFC 6749 §5.2", async () => {
    const as = await discover();
    const { keys } = await appKeys();

    const basic = basicAuth(keys.consumerKey, "pcs_wrong-secret");
    const wrongBasic = await oauth.clientCredentialsGrantRequest(as, basic.client, basic.auth, {}, options);
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.headers.get("www-authenticate")).toMatch(/^Basic realm="portcullis"/);
    expect(await wrongBasic.json()).toMatchObject({ error: "invalid_client" });

    const post = postAuth(keys.consumerKey, "pcs_wrong-secret");
    const wrongPost = await oauth.processClientCredentialsResponse(as, post.client, await oauth.clientCredentialsGrantRequest(as, post.client, post.auth, {}, options)).catch((e: unknown) => e);
    expect(wrongPost).toBeInstanceOf(oauth.ResponseBodyError);
    expect((wrongPost as oauth.ResponseBodyError).status).toBe(401);
    expect((wrongPost as oauth.ResponseBodyError).error).toBe("invalid_client");

    const good = basicAuth(keys.consumerKey, keys.consumerSecret);
    const user = await createUser(db());
    const wrongPassword = await oauth
      .processGenericTokenEndpointResponse(
        as,
        good.client,
        await oauth.genericTokenEndpointRequest(as, good.client, good.auth, "password", { username: user.email, password: "not it" }, options),
      )
      .catch((e: unknown) => e);
    expect((wrongPassword as oauth.ResponseBodyError).status).toBe(400);
    expect((wrongPassword as oauth.ResponseBodyError).error).toBe("invalid_grant");

    const unsupported = await oauth.genericTokenEndpointRequest(as, good.client, good.auth, "urn:example:unknown", {}, options);
    expect(unsupported.status).toBe(400);
    expect(unsupported.headers.get("cache-control")).toBe("no-store");
    expect(await unsupported.json()).toMatchObject({ error: "unsupported_grant_type" });

    const auth = { authorization: basicHeader(keys.consumerKey, keys.consumerSecret) };
    const cases: [Record<string, string>, Record<string, string>, number, string][] = [
      [{}, auth, 400, "invalid_request"],
      [{ grant_type: "password", username: user.email }, auth, 400, "invalid_request"],
      [{ grant_type: "client_credentials", scope: 'bad"scope' }, auth, 400, "invalid_scope"],
      [{ grant_type: "client_credentials", validity_period: "soon" }, auth, 400, "invalid_request"],
      [{ grant_type: "client_credentials", client_secret: keys.consumerSecret }, auth, 400, "invalid_request"],
      [{ grant_type: "client_credentials" }, {}, 401, "invalid_client"],
    ];
    for (const [form, headers, status, error] of cases) {
      const response = await postForm("/oauth2/token", form, headers);
      expect([response.status, (await response.json()).error]).toEqual([status, error]);
    }
    const notForm = await inProcessFetch()(`${config().publicUrl}/oauth2/token`, { method: "POST", headers: { "content-type": "application/json", ...auth }, body: "{}" });
    expect(await notForm.json()).toMatchObject({ error: "invalid_request" });
  });
});
