import { and, eq } from "drizzle-orm";
import { decodeProtectedHeader } from "jose";
import { expect, it } from "vitest";
import * as signingKeysRoute from "@/app/api/v1/admin/signing-keys/route";
import * as rotateRoute from "@/app/api/v1/admin/signing-keys/rotate/route";
import { auditLog, signingKeys } from "@/db/schema";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { subscribe } from "@/lib/events/bus";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { listSigningKeys, rotateSigningKeys, type SigningKeyView } from "@/lib/keys/signing-key-admin";
import { activeSigningKey, forget, readPublishedJwks, ROTATION_NOTICE_SECONDS } from "@/lib/keys/signing-keys";
import type { Actor } from "@/lib/services/context";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createUser, ctxFor } from "@/test/harness/factories";
import { createApplication, managementToken } from "./oauth-fixtures";

type Handler = (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;

function call(handler: Handler, init: { method: string; token?: string; body?: unknown }) {
  const headers = new Headers();
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request("http://localhost:3000/api/v1/admin/signing-keys", {
    method: init.method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return handler(request, { params: Promise.resolve({}) });
}

type KeyJson = Omit<SigningKeyView, "activatesAt" | "retiredAt" | "removeAfter"> & {
  activatesAt: string | null;
  retiredAt: string | null;
  removeAfter: string | null;
};

describeEachInstalledDatabase("signing-key rotation: admin REST and service", (db) => {
  const bearer = (user: Actor, scope: string) => managementToken(db(), user, scope);

  /** The kid of a freshly issued access token (what signs now, as every process sees it once its cache is gone). */
  async function signingKid(owner: Actor) {
    forget(db());
    const app = await createApplication(db(), owner.id);
    const input = { applicationId: app.id, keyType: "PRODUCTION" };
    await generateConsumerKeys({ ctx: ctxFor(db(), owner), input });
    const token = await issueApplicationToken({ ctx: ctxFor(db(), owner), input });
    return decodeProtectedHeader(token.accessToken).kid;
  }

  it("lists the keys to administrators only, with their times and never a private key", async () => {
    const admin = await createUser(db(), { roles: ["admin", "subscriber"] });
    const publisher = await createUser(db(), { roles: ["publisher", "subscriber"] });
    const active = await activeSigningKey(db());

    const listed = await call(signingKeysRoute.GET, { method: "GET", token: await bearer(admin, "apim:admin") });
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toMatch(/private|"d"|"x"|"y"/i);
    const keys = JSON.parse(text) as KeyJson[];
    const key = keys.find((k) => k.kid === active.kid)!;
    expect(Object.keys(key).sort()).toEqual(["activatesAt", "alg", "kid", "published", "removeAfter", "retiredAt", "state"]);
    expect(key).toMatchObject({ alg: "ES256", state: "active", published: true, retiredAt: null });
    expect(new Date(key.activatesAt!).getTime()).toBeLessThanOrEqual(Date.now());

    const otherToken = await bearer(publisher, "apim:api_view apim:subscribe");
    for (const response of [
      await call(signingKeysRoute.GET, { method: "GET", token: otherToken }),
      await call(rotateRoute.POST, { method: "POST", token: otherToken }),
    ]) {
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    expect((await call(signingKeysRoute.GET, { method: "GET" })).status).toBe(401);
    expect((await call(rotateRoute.POST, { method: "POST" })).status).toBe(401);
    // An admin's token without the admin scope cannot rotate either.
    expect((await call(rotateRoute.POST, { method: "POST", token: await bearer(admin, "apim:subscribe") })).status).toBe(403);
    await expect(rotateSigningKeys({ ctx: ctxFor(db(), publisher), input: {} })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listSigningKeys({ ctx: ctxFor(db(), publisher) })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db().select().from(signingKeys)).map((k) => k.kid)).toEqual([active.kid]);
  });

  it("rotates at once over REST: the new key is published and announced before it signs, then signs; audited", async () => {
    const admin = await createUser(db(), { roles: ["admin", "subscriber"] });
    const token = await bearer(admin, "apim:admin");
    const oldKid = await signingKid(admin);

    // What a gateway would find when the announcement reaches it: the keys it can verify, and the key that signs.
    const seen: { published: string[]; signing: string | undefined }[] = [];
    const stop = subscribe(async (event) => {
      if (event.type !== "signing-keys.changed") return;
      const published = (await readPublishedJwks(db())).map((k) => k.kid);
      seen.push({ published, signing: await signingKid(admin) });
    });
    let response: Response;
    try {
      response = await call(rotateRoute.POST, { method: "POST", token, body: { noticeSeconds: 0 } });
    } finally {
      stop();
    }
    expect(response.status).toBe(201);
    const rotation = (await response.json()) as { kid: string; activatesAt: string; retired: string[] };
    expect(rotation.retired).toEqual([oldKid]);
    expect(seen).toEqual([{ published: expect.arrayContaining([oldKid, rotation.kid]), signing: oldKid }]);

    expect(await signingKid(admin)).toBe(rotation.kid);
    const keys = (await (await call(signingKeysRoute.GET, { method: "GET", token })).json()) as KeyJson[];
    expect(keys.find((k) => k.kid === rotation.kid)).toMatchObject({ state: "active", published: true, activatesAt: rotation.activatesAt });
    // The old key stops signing but stays published while tokens it signed are valid.
    expect(keys.find((k) => k.kid === oldKid)).toMatchObject({ state: "retired", published: true, retiredAt: rotation.activatesAt });

    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "signing_key.rotate"), eq(auditLog.targetId, rotation.kid)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, targetType: "signing_key", details: { noticeSeconds: 0, retired: [oldKid] } });
  });

  it("rotates with notice by default: the next key is published and pending, the current one signs until then", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    const current = await signingKid(admin);
    const before = Date.now();
    const response = await call(rotateRoute.POST, { method: "POST", token: await bearer(admin, "apim:admin") });
    expect(response.status).toBe(201);
    const rotation = (await response.json()) as { kid: string; activatesAt: string; retired: string[] };
    expect(new Date(rotation.activatesAt).getTime()).toBeGreaterThanOrEqual(before + ROTATION_NOTICE_SECONDS * 1000);
    expect(rotation.retired).toEqual([current]);
    expect(await signingKid(admin)).toBe(current);
    expect((await readPublishedJwks(db())).map((k) => k.kid)).toEqual(expect.arrayContaining([current, rotation.kid]));
    const keys = await listSigningKeys({ ctx: ctxFor(db(), admin) });
    expect(keys.find((k) => k.kid === rotation.kid)).toMatchObject({ state: "pending", published: true });
    expect(keys.find((k) => k.kid === current)).toMatchObject({ state: "active", published: true });
  });

  it("refuses a bad notice and changes nothing", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    const ctx = ctxFor(db(), admin);
    await activeSigningKey(db());
    const before = (await db().select().from(signingKeys)).length;
    for (const input of [{ noticeSeconds: -1 }, { noticeSeconds: 1.5 }, { noticeSeconds: "soon" }, { noticeSeconds: 86_401 }, { notice: 0 }]) {
      await expect(rotateSigningKeys({ ctx, input })).rejects.toBeInstanceOf(ValidationError);
    }
    const response = await call(rotateRoute.POST, { method: "POST", token: await bearer(admin, "apim:admin"), body: { noticeSeconds: -5 } });
    expect(response.status).toBe(422);
    expect((await db().select().from(signingKeys)).length).toBe(before);
  });
});
