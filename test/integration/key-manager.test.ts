import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { MAX_VALIDITY_SECONDS } from "@/lib/keys/validity";
import { apiKeys, oauthClients, refreshTokens, revokedTokens, signingKeys } from "@/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { config } from "@/lib/config";
import { subscribe, type ControlPlaneEvent } from "@/lib/events/bus";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/keys/api-keys";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { authenticateClient } from "@/lib/keys/clients";
import { generateConsumerKeys, getConsumerKeys, regenerateConsumerSecret, revokeConsumerKeys } from "@/lib/keys/consumer-keys";
import { verifyJwt } from "@/lib/keys/jwt";
import { checkAccessToken, signingKeyResolver } from "@/lib/keys/verify";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApplication, postForm, basicHeader } from "./oauth-fixtures";

describeEachInstalledDatabase("key manager services", (db) => {
  async function ownerWithApp(roles: ("subscriber" | "publisher" | "admin")[] = ["subscriber"]) {
    const owner = await createUser(db(), { roles });
    const app = await createApplication(db(), owner.id, { throttlingTier: "20PerMin" });
    return { owner, app, ctx: ctxFor(db(), owner) };
  }

  function recordEvents() {
    const events: ControlPlaneEvent[] = [];
    const stop = subscribe((event) => {
      events.push(event);
    });
    return { events, stop };
  }

  it("generates one key pair per key type, shows the secret once and stores only its hash", async () => {
    const { app, ctx } = await ownerWithApp();
    const { events, stop } = recordEvents();
    const keys = await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "sandbox" } });
    stop();
    expect(keys).toMatchObject({ keyType: "SANDBOX", grantTypes: ["client_credentials", "password", "refresh_token"] });
    expect(keys.consumerSecret).toMatch(/^pcs_[A-Za-z0-9_-]{43}$/);
    expect(keys.secretPrefix).toBe(keys.consumerSecret.slice(0, 10));
    expect(events).toContainEqual({ type: "application.changed", applicationId: app.id });

    const shown = await getConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "SANDBOX" } });
    expect(shown).toEqual({ consumerKey: keys.consumerKey, keyType: "SANDBOX", grantTypes: keys.grantTypes, secretPrefix: keys.secretPrefix, createdAt: expect.any(Date) });
    expect(shown).not.toHaveProperty("consumerSecret");
    expect(await getConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } })).toBeNull();

    await expect(generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "SANDBOX" } })).rejects.toBeInstanceOf(ConflictError);
    const production = await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", grantTypes: ["client_credentials"] } });
    expect(production.grantTypes).toEqual(["client_credentials"]);

    const [row] = await db().select().from(oauthClients).where(eq(oauthClients.clientId, keys.consumerKey));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(keys.consumerSecret);
  });

  it("regenerates the secret: the old one stops working, the new one works", async () => {
    const { app, ctx } = await ownerWithApp();
    const keys = await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const renewed = await regenerateConsumerSecret({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
    expect(renewed.consumerKey).toBe(keys.consumerKey);
    expect(renewed.consumerSecret).not.toBe(keys.consumerSecret);
    expect(await authenticateClient(db(), keys.consumerKey, keys.consumerSecret)).toBeNull();
    expect(await authenticateClient(db(), keys.consumerKey, renewed.consumerSecret)).toMatchObject({ clientId: keys.consumerKey });
  });

  it("revokes keys: the client stops authenticating and its tokens stop checking out; new keys can follow", async () => {
    const { app, ctx } = await ownerWithApp();
    const input = { applicationId: app.id, keyType: "PRODUCTION" };
    const keys = await generateConsumerKeys({ ctx, input });
    const token = await issueApplicationToken({ ctx, input });
    expect((await checkAccessToken(db(), token.accessToken)).valid).toBe(true);
    await revokeConsumerKeys({ ctx, input });
    expect(await authenticateClient(db(), keys.consumerKey, keys.consumerSecret)).toBeNull();
    expect(await checkAccessToken(db(), token.accessToken)).toEqual({ valid: false, reason: "INACTIVE" });
    const response = await postForm("/oauth2/token", { grant_type: "client_credentials" }, { authorization: basicHeader(keys.consumerKey, keys.consumerSecret) });
    expect(response.status).toBe(401);
    await expect(revokeConsumerKeys({ ctx, input })).rejects.toBeInstanceOf(NotFoundError);
    const again = await generateConsumerKeys({ ctx, input });
    expect(again.consumerKey).not.toBe(keys.consumerKey);
  });

  it("issues application tokens with the owner's scopes and the requested validity", async () => {
    const { app, ctx } = await ownerWithApp(["publisher"]);
    const input = { applicationId: app.id, keyType: "PRODUCTION" };
    await expect(issueApplicationToken({ ctx, input })).rejects.toBeInstanceOf(NotFoundError);
    await generateConsumerKeys({ ctx, input });
    const token = await issueApplicationToken({ ctx, input: { ...input, validityPeriod: 600, scopes: ["apim:api_publish", "apim:admin"] } });
    expect(token).toMatchObject({ tokenType: "Bearer", expiresIn: 600, scopes: ["apim:api_publish"] });
    const check = await checkAccessToken(db(), token.accessToken);
    expect(check.valid && check.claims).toMatchObject({ aut: "APPLICATION", application_id: app.id, application_tier: "20PerMin", scope: "apim:api_publish" });
    // No expiry is an administrator's to ask for; theirs still carries an exp, ten years out.
    await expect(issueApplicationToken({ ctx, input: { ...input, validityPeriod: -1 } })).rejects.toBeInstanceOf(ValidationError);
    const admin = await ownerWithApp(["admin"]);
    const adminInput = { applicationId: admin.app.id, keyType: "PRODUCTION" };
    await generateConsumerKeys({ ctx: admin.ctx, input: adminInput });
    const forever = await issueApplicationToken({ ctx: admin.ctx, input: { ...adminInput, validityPeriod: -1 } });
    expect(forever.expiresIn).toBe(MAX_VALIDITY_SECONDS);
    await expect(issueApplicationToken({ ctx, input: { ...input, validityPeriod: 0 } })).rejects.toBeInstanceOf(ValidationError);
  });

  it("creates, lists and revokes API keys; revocation reaches revoked_tokens and the bus", async () => {
    const { owner, app, ctx } = await ownerWithApp();
    const created = await createApiKey({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", validityPeriod: 3600 } });
    const forever = await createApiKey({ ctx, input: { applicationId: app.id, keyType: "SANDBOX" } });
    expect(forever.expiresAt!.getTime() - forever.createdAt.getTime()).toBeGreaterThan((MAX_VALIDITY_SECONDS - 60) * 1000);
    expect(created.expiresAt!.getTime() - created.createdAt.getTime()).toBeGreaterThan(3590_000);
    expect(created.displaySuffix).toBe(`…${created.apiKey.slice(-8)}`);

    // The check the gateway's authenticate step runs on an `apikey` header.
    const verified = await verifyJwt("apiKey", created.apiKey, signingKeyResolver(db()), { issuer: config().publicUrl });
    expect(verified.valid && verified.claims).toMatchObject({ sub: owner.id, application_id: app.id, application_tier: "20PerMin", key_type: "PRODUCTION", aut: "APPLICATION" });
    // An API key is not an access token, nor the reverse.
    expect(await checkAccessToken(db(), created.apiKey)).toEqual({ valid: false, reason: "WRONG_CLAIMS" });

    const listed = await listApiKeys({ ctx, input: { applicationId: app.id, keyType: "production" } });
    expect(listed.map((k) => k.id)).toEqual([created.id]);
    expect(listed[0]).not.toHaveProperty("apiKey");
    expect((await listApiKeys({ ctx, input: { applicationId: app.id } })).length).toBe(2);

    const { events, stop } = recordEvents();
    await revokeApiKey({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", keyId: created.id } });
    stop();
    const [record] = await db().select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(events).toEqual([{ type: "token.revoked", jti: record.jti, expiresAt: Math.floor(created.expiresAt!.getTime() / 1000) }]);
    const [revoked] = await db().select().from(revokedTokens).where(eq(revokedTokens.jti, record.jti));
    expect(revoked.expiresAt?.getTime()).toBe(created.expiresAt!.getTime());
    expect(await listApiKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } })).toEqual([]);
    await expect(revokeApiKey({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", keyId: created.id } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("treats another user's application as not found, for every service", async () => {
    const { app } = await ownerWithApp();
    const { app: ownApp, ctx: ownerCtx } = await ownerWithApp();
    const stranger = ctxFor(db(), await createUser(db(), { roles: ["admin"] }));
    const key = await createApiKey({ ctx: ownerCtx, input: { applicationId: ownApp.id, keyType: "PRODUCTION" } });
    const input = { applicationId: app.id, keyType: "PRODUCTION" };
    const calls = [
      () => generateConsumerKeys({ ctx: stranger, input }),
      () => getConsumerKeys({ ctx: stranger, input }),
      () => regenerateConsumerSecret({ ctx: stranger, input }),
      () => revokeConsumerKeys({ ctx: stranger, input }),
      () => issueApplicationToken({ ctx: stranger, input }),
      () => createApiKey({ ctx: stranger, input }),
      () => listApiKeys({ ctx: stranger, input }),
      () => revokeApiKey({ ctx: stranger, input: { applicationId: ownApp.id, keyType: "PRODUCTION", keyId: key.id } }),
    ];
    // One at a time, each awaited, so no rejection goes unhandled.
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(NotFoundError);
  });

  it("rejects the wrong role and the anonymous caller, and names bad input", async () => {
    const { app } = await ownerWithApp();
    const noRole = ctxFor(db(), await createUser(db(), { roles: [] }));
    const input = { applicationId: app.id, keyType: "PRODUCTION" };
    for (const call of [
      () => generateConsumerKeys({ ctx: noRole, input }),
      () => regenerateConsumerSecret({ ctx: noRole, input }),
      () => revokeConsumerKeys({ ctx: noRole, input }),
      () => createApiKey({ ctx: noRole, input }),
      () => revokeApiKey({ ctx: noRole, input: { ...input, keyId: app.id } }),
      () => issueApplicationToken({ ctx: noRole, input }),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(generateConsumerKeys({ ctx: ctxFor(db(), null), input })).rejects.toMatchObject({ status: 401 });
    const { ctx } = await ownerWithApp();
    const error = await generateConsumerKeys({ ctx, input: { applicationId: "nope", keyType: "STAGING" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["applicationId", "keyType"]);
  });

  it("stores no secret, refresh token, API key or private key in plain text", async () => {
    const { owner, app, ctx } = await ownerWithApp();
    const keys = await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const apiKey = await createApiKey({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const response = await postForm(
      "/oauth2/token",
      { grant_type: "password", username: owner.email, password: "correct horse battery" },
      { authorization: basicHeader(keys.consumerKey, keys.consumerSecret) },
    );
    const { refresh_token: refreshToken } = (await response.json()) as { refresh_token: string };
    expect(refreshToken).toMatch(/^pcr_/);

    const stored = JSON.stringify({
      clients: await db().select().from(oauthClients),
      refresh: await db().select().from(refreshTokens),
      apiKeys: await db().select().from(apiKeys),
      signing: await db().select().from(signingKeys),
    });
    for (const secret of [keys.consumerSecret, refreshToken, apiKey.apiKey, apiKey.apiKey.split(".")[2]]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice(12, 40));
    }
    const keyRows = await db().select().from(signingKeys);
    expect(keyRows.length).toBeGreaterThan(0);
    for (const row of keyRows) {
      expect(row.publicJwk).not.toHaveProperty("d");
      expect(row.privateKeyEncrypted).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(row.privateKeyEncrypted).not.toContain('"d"');
    }
  });
});
