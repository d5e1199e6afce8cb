import { eq, isNull } from "drizzle-orm";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { oauthClients, refreshTokens, revokedTokens, signingKeys } from "@/db/schema";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { handleJwksRequest } from "@/lib/keys/oauth/discovery-endpoints";
import { purgeExpiredTokens } from "@/lib/keys/purge";
import { activeSigningKey, forget, publishedKeys, rotateSigningKey } from "@/lib/keys/signing-keys";
import { checkAccessToken } from "@/lib/keys/verify";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApplication } from "./oauth-fixtures";

describeEachInstalledDatabase("key manager signing keys and purge", (db, driver, handle) => {
  async function appToken(validityPeriod?: number) {
    // Only an administrator may ask for a token that never expires.
    const owner = await createUser(db(), validityPeriod !== undefined && validityPeriod < 0 ? { roles: ["admin"] } : {});
    const app = await createApplication(db(), owner.id);
    const ctx = ctxFor(db(), owner);
    const input = { applicationId: app.id, keyType: "PRODUCTION" };
    await generateConsumerKeys({ ctx, input });
    return issueApplicationToken({ ctx, input: { ...input, validityPeriod } });
  }

  async function jwks() {
    return (await (await handleJwksRequest(new Request("http://localhost/oauth2/jwks"))).json()) as JSONWebKeySet;
  }

  it("creates one active key on first use, publishes it, and keeps its private half encrypted", async () => {
    const key = await activeSigningKey(db());
    const set = await jwks();
    expect(set.keys).toContainEqual(expect.objectContaining({ kid: key.kid, alg: "ES256", use: "sig", kty: "EC", crv: "P-256" }));
    expect(set.keys.every((k) => !("d" in k))).toBe(true);
    const active = await db().select().from(signingKeys).where(isNull(signingKeys.retiredAt));
    expect(active.map((k) => k.kid)).toEqual([key.kid]);
  });

  it("rotates: the new key signs after its notice, the old one still verifies until its tokens expire", async () => {
    const before = await appToken(600);
    const oldKid = decodeProtectedHeader(before.accessToken).kid!;
    const pending = await rotateSigningKey(db());
    // Published ahead of use, still not signing.
    expect((await jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, pending.kid]));
    expect(decodeProtectedHeader((await appToken()).accessToken).kid).toBe(oldKid);

    const rotated = await rotateSigningKey(db(), { noticeSeconds: 0 });
    expect(rotated.retired).toEqual(expect.arrayContaining([oldKid, pending.kid]));
    const after = await appToken();
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(rotated.kid);
    const set = createLocalJWKSet(await jwks());
    await expect(jwtVerify(before.accessToken, set)).resolves.toBeTruthy();
    await expect(jwtVerify(after.accessToken, set)).resolves.toBeTruthy();
    expect((await checkAccessToken(db(), before.accessToken)).valid).toBe(true);

    // Once the old key's last token has expired, the purge drops it and verifiers stop trusting it.
    const [old] = await db().select().from(signingKeys).where(eq(signingKeys.kid, oldKid));
    const afterExpiry = new Date(old.removeAfter!.getTime() + 1000);
    const purged = await purgeExpiredTokens(db(), afterExpiry);
    expect(purged.signingKeys).toBeGreaterThanOrEqual(1);
    expect((await publishedKeys(db())).map((k) => k.kid)).not.toContain(oldKid);
    expect((await checkAccessToken(db(), after.accessToken)).valid).toBe(true);
  });

  it("keeps a key that signed a never-expiring token", async () => {
    await rotateSigningKey(db(), { noticeSeconds: 0 });
    const forever = await appToken(-1);
    const kid = decodeProtectedHeader(forever.accessToken).kid!;
    await rotateSigningKey(db(), { noticeSeconds: 0 });
    // A "never expiring" token lasts ten years: its key stays at least that long.
    await purgeExpiredTokens(db(), new Date(Date.now() + 9 * 365 * 86_400_000));
    expect((await publishedKeys(db())).map((k) => k.kid)).toContain(kid);
    expect((await checkAccessToken(db(), forever.accessToken)).valid).toBe(true);
  });

  it("purges expired revoked ids and expired refresh tokens, and nothing still live", async () => {
    const now = new Date();
    const past = new Date(now.getTime() - 60_000);
    const future = new Date(now.getTime() + 3_600_000);
    await db()
      .insert(revokedTokens)
      .values([
        { jti: `old-${now.getTime()}`, expiresAt: past },
        { jti: `live-${now.getTime()}`, expiresAt: future },
        { jti: `forever-${now.getTime()}`, expiresAt: null },
      ]);
    const owner = await createUser(db());
    const app = await createApplication(db(), owner.id);
    const keys = await generateConsumerKeys({ ctx: ctxFor(db(), owner), input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const [client] = await db().select().from(oauthClients).where(eq(oauthClients.clientId, keys.consumerKey));
    const base = { familyId: crypto.randomUUID(), clientId: client.id, userId: owner.id };
    await db()
      .insert(refreshTokens)
      .values([
        { ...base, tokenHash: `expired-${now.getTime()}`, expiresAt: past },
        { ...base, tokenHash: `revoked-${now.getTime()}`, expiresAt: future, revokedAt: now },
        { ...base, tokenHash: `live-${now.getTime()}`, expiresAt: future },
      ]);
    const result = await purgeExpiredTokens(db(), now);
    expect(result.revokedTokens).toBeGreaterThanOrEqual(1);
    expect(result.refreshTokens).toBeGreaterThanOrEqual(1);
    const jtis = (await db().select().from(revokedTokens)).map((r) => r.jti);
    expect(jtis).not.toContain(`old-${now.getTime()}`);
    expect(jtis).toEqual(expect.arrayContaining([`live-${now.getTime()}`, `forever-${now.getTime()}`]));
    const hashes = (await db().select().from(refreshTokens)).map((r) => r.tokenHash);
    expect(hashes).not.toContain(`expired-${now.getTime()}`);
    // Revoked but unexpired stays, so its family is still recognised as revoked.
    expect(hashes).toEqual(expect.arrayContaining([`revoked-${now.getTime()}`, `live-${now.getTime()}`]));
  });

  it.skipIf(driver === "pglite")("creates a single key when two processes race on an empty table", async () => {
    await db().delete(signingKeys);
    forget(db());
    // A second node-postgres pool stands in for a second process (its own cache, its own connections).
    const other = await openDatabase({ driver: "pg", url: handle().url, maxConnections: 2 });
    try {
      const [a, b] = await Promise.all([activeSigningKey(db()), activeSigningKey(other.db)]);
      expect(a.kid).toBe(b.kid);
      expect((await db().select().from(signingKeys)).length).toBe(1);
    } finally {
      await other.close();
      forget(db());
    }
  });
});
