import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import type { Database } from "@/db/client";
import { apis, applications, auditLog, subscriptions, throttlingPolicies } from "@/db/schema";
import { createApi } from "@/lib/apis/create-api";
import { createVersion } from "@/lib/apis/create-version";
import { deleteApi } from "@/lib/apis/delete-api";
import { createDocument } from "@/lib/apis/documents/write-documents";
import { listDocuments } from "@/lib/apis/documents/read-documents";
import { getApi, listVersions } from "@/lib/apis/get-api";
import { listApis } from "@/lib/apis/list-apis";
import { omit } from "@/lib/apis/omit";
import { getDefinition } from "@/lib/apis/openapi/definition-service";
import { setDefaultVersion } from "@/lib/apis/set-default-version";
import { setThumbnail } from "@/lib/apis/thumbnail";
import { updateApi } from "@/lib/apis/update-api";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";
import { describeEachDatabase } from "@/test/harness/databases";
import { createOrganization, createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

function fullInput(context = `/shop-${uniqueSuffix()}`) {
  return {
    name: `Shop ${context.slice(6)}`,
    context,
    version: "1.0.0",
    description: "Orders and carts",
    tags: "Shop, retail ,shop",
    visibility: "RESTRICTED",
    visibleRoles: ["subscriber"],
    businessOwner: "Ada",
    businessOwnerEmail: "ada@example.test",
    endpoints: { production: { url: "https://backend.example.test/v1", timeoutMs: 5000 }, sandbox: { url: "https://sandbox.example.test/v1" } },
    scopes: [{ key: "order_write", name: "Write orders", roles: ["subscriber"] }],
    resources: [
      { method: "GET", target: "/orders", authType: "Application", throttlingTier: "10KPerMin", summary: "List orders" },
      { method: "POST", target: "/orders", scopes: ["order_write"] },
      { method: "DELETE", target: "/orders/{orderId}", authType: "Application User" },
    ],
    subscriptionTiers: ["Gold", "Bronze"],
    apiThrottlingTier: "50KPerMin",
    cors: { enabled: true, allowOrigins: ["https://app.example.test"], allowCredentials: true },
    sendBackendJwt: true,
  };
}

async function roles(db: Database) {
  const organizationId = await createOrganization(db);
  return {
    creator: await createUser(db, { roles: ["creator"], organizationId }),
    publisher: await createUser(db, { roles: ["publisher"], organizationId }),
    subscriber: await createUser(db, { roles: ["subscriber"], organizationId }),
    outsider: await createUser(db, { roles: ["admin"], organizationId: await createOrganization(db) }),
  };
}

describeEachDatabase("publisher: APIs", (db) => {
  it("creates an API with everything, audited, and generates its definition", async () => {
    const { creator } = await roles(db());
    const api = await createApi({ ctx: ctxFor(db(), creator), input: fullInput() });
    expect(api).toMatchObject({
      state: "CREATED",
      isDefaultVersion: true,
      tags: ["shop", "retail"],
      visibility: "RESTRICTED",
      visibleRoles: ["subscriber"],
      endpoints: { production: { url: "https://backend.example.test/v1", timeoutMs: 5000 }, sandbox: { timeoutMs: 30000 } },
      subscriptionTiers: ["Gold", "Bronze"],
      apiThrottlingTier: "50KPerMin",
      sendBackendJwt: true,
      createdBy: creator.id,
    });
    expect(api.cors).toMatchObject({ enabled: true, allowOrigins: ["https://app.example.test"], allowCredentials: true });
    expect(api.resources.map((r) => `${r.method} ${r.target} ${r.authType} ${r.throttlingTier}`)).toEqual([
      "GET /orders Application 10KPerMin",
      "POST /orders Application & Application User Unlimited",
      "DELETE /orders/{orderId} Application User Unlimited",
    ]);
    expect(api.resources[2].parameters).toEqual([{ name: "orderId", in: "path", required: true, schema: { type: "string" } }]);
    const definition = JSON.parse((await getDefinition({ ctx: ctxFor(db(), creator), apiId: api.id, format: "json" })).text);
    expect(definition.info).toMatchObject({ title: api.name, version: "1.0.0" });
    expect(definition.paths["/orders"].post).toMatchObject({ "x-scope": "order_write", "x-auth-type": "Application & Application User" });
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, api.id));
    expect(audit.map((a) => a.action)).toEqual(["api.create"]);
  });

  it("refuses every write for the wrong role and for another organisation's API", async () => {
    const { creator, subscriber, outsider } = await roles(db());
    await expect(createApi({ ctx: ctxFor(db(), subscriber), input: fullInput() })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createApi({ ctx: ctxFor(db(), null), input: fullInput() })).rejects.toBeInstanceOf(UnauthorizedError);
    const api = await createApi({ ctx: ctxFor(db(), creator), input: fullInput() });
    const writes: [string, (actor: Actor) => Promise<unknown>][] = [
      ["update", (a) => updateApi({ ctx: ctxFor(db(), a), apiId: api.id, input: { description: "x" } })],
      ["delete", (a) => deleteApi({ ctx: ctxFor(db(), a), apiId: api.id })],
      ["version", (a) => createVersion({ ctx: ctxFor(db(), a), apiId: api.id, input: { version: "9.0.0" } })],
      ["default", (a) => setDefaultVersion({ ctx: ctxFor(db(), a), apiId: api.id })],
      ["document", (a) => createDocument({ ctx: ctxFor(db(), a), apiId: api.id, input: { name: "D", type: "OTHER", source: "INLINE", content: "x" } })],
      ["thumbnail", (a) => setThumbnail({ ctx: ctxFor(db(), a), apiId: api.id, image: PNG })],
    ];
    for (const [name, write] of writes) {
      await expect(write(subscriber), name).rejects.toBeInstanceOf(ForbiddenError);
      await expect(write(outsider), name).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(getApi({ ctx: ctxFor(db(), outsider), apiId: api.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await listApis({ ctx: ctxFor(db(), outsider), input: {} })).not.toContainEqual(expect.objectContaining({ id: api.id }));
  });

  it("names the bad fields", async () => {
    const { creator } = await roles(db());
    const error = await createApi({
      ctx: ctxFor(db(), creator),
      input: {
        ...fullInput(),
        context: "no-slash",
        version: "",
        endpoints: { production: { url: "ftp://x" } },
        resources: [{ method: "FETCH", target: "/a" }, { method: "GET", target: "b" }],
      },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["context", "endpoints.production.url", "resources.0.method", "resources.1.target", "version"]);
    const rules = await createApi({
      ctx: ctxFor(db(), creator),
      input: { ...fullInput(), visibleRoles: [], resources: [{ method: "GET", target: "/b" }, { method: "GET", target: "/b" }] },
    }).catch((e) => e);
    expect(Object.keys(rules.fieldErrors).sort()).toEqual(["resources.1.target", "visibleRoles"]);
    const tiers = await createApi({ ctx: ctxFor(db(), creator), input: { ...fullInput(), subscriptionTiers: ["Platinum"] } }).catch((e) => e);
    expect(tiers.fieldErrors).toHaveProperty(["subscriptionTiers.0"]);
    const scopes = await createApi({ ctx: ctxFor(db(), creator), input: { ...fullInput(), scopes: [] } }).catch((e) => e);
    expect(scopes.fieldErrors).toHaveProperty(["resources.1.scopes"]);
  });

  it("offers admin-made subscription policies", async () => {
    const { creator } = await roles(db());
    const name = `Platinum${uniqueSuffix()}`;
    await db().insert(throttlingPolicies).values({ level: "SUBSCRIPTION", name, displayName: name, requestCount: 10000 });
    const api = await createApi({ ctx: ctxFor(db(), creator), input: { ...fullInput(), subscriptionTiers: [name, "Unlimited"] } });
    expect(api.subscriptionTiers).toEqual([name, "Unlimited"]);
  });

  it("gives 409 for a duplicate context + version, and for a context owned by another API or organisation", async () => {
    const { creator, outsider } = await roles(db());
    const input = fullInput();
    await createApi({ ctx: ctxFor(db(), creator), input });
    await expect(createApi({ ctx: ctxFor(db(), creator), input })).rejects.toBeInstanceOf(ConflictError);
    await expect(createApi({ ctx: ctxFor(db(), creator), input: { ...input, name: "Another", version: "2.0.0" } })).rejects.toThrow(/belongs to the API/);
    await expect(createApi({ ctx: ctxFor(db(), outsider), input: { ...input, version: "3.0.0" } })).rejects.toBeInstanceOf(ConflictError);
    const sameVersion = await createApi({ ctx: ctxFor(db(), creator), input: { ...input, version: "2.0.0" } });
    expect(sameVersion.isDefaultVersion).toBe(false);
  });

  it("updates only what is given and regenerates the definition's paths, keeping the rest", async () => {
    const { creator } = await roles(db());
    const ctx = ctxFor(db(), creator);
    const api = await createApi({ ctx, input: fullInput() });
    const updated = await updateApi({
      ctx,
      apiId: api.id,
      input: { description: "New words", resources: [{ method: "GET", target: "/carts/{cartId}", summary: "A cart" }], endpoints: { sandbox: null } },
    });
    expect(updated).toMatchObject({ description: "New words", tags: ["shop", "retail"], endpoints: { sandbox: null }, subscriptionTiers: ["Gold", "Bronze"] });
    expect(updated.resources.map((r) => r.target)).toEqual(["/carts/{cartId}"]);
    const definition = JSON.parse((await getDefinition({ ctx, apiId: api.id, format: "json" })).text);
    expect(Object.keys(definition.paths)).toEqual(["/carts/{cartId}"]);
    expect(definition.info.description).toBe("New words");
    expect(definition["x-wso2-security"].apim["x-wso2-scopes"][0]).toMatchObject({ key: "order_write", roles: "subscriber" });
  });

  it("creates a new version copying everything, and keeps exactly one default per context", async () => {
    const { creator } = await roles(db());
    const ctx = ctxFor(db(), creator);
    const v1 = await createApi({ ctx, input: fullInput() });
    await setThumbnail({ ctx, apiId: v1.id, image: PNG });
    await createDocument({ ctx, apiId: v1.id, input: { name: "Guide", type: "HOWTO", source: "INLINE", content: "# Hi" } });
    const v2 = await createVersion({ ctx, apiId: v1.id, input: { version: "2.0.0", isDefault: true } });
    const identity = ["id", "version", "isDefaultVersion", "createdAt", "updatedAt"] as const;
    const copied = omit(v2, ...identity);
    const original = omit(await getApi({ ctx, apiId: v1.id }), ...identity);
    expect(copied).toEqual({ ...original, hasThumbnail: true });
    expect(v2).toMatchObject({ version: "2.0.0", state: "CREATED", isDefaultVersion: true });
    expect((await listDocuments({ ctx, apiId: v2.id })).map((d) => d.name)).toEqual(["Guide"]);
    const definition = JSON.parse((await getDefinition({ ctx, apiId: v2.id, format: "json" })).text);
    expect(definition.info.version).toBe("2.0.0");
    expect((await listVersions({ ctx, apiId: v1.id })).map((v) => [v.version, v.isDefaultVersion])).toEqual([
      ["1.0.0", false],
      ["2.0.0", true],
    ]);
    await setDefaultVersion({ ctx, apiId: v1.id });
    const defaults = await db().select().from(apis).where(and(eq(apis.context, v1.context), eq(apis.isDefaultVersion, true)));
    expect(defaults.map((d) => d.version)).toEqual(["1.0.0"]);
    await expect(createVersion({ ctx, apiId: v1.id, input: { version: "2.0.0" } })).rejects.toBeInstanceOf(ConflictError);
  });

  it("refuses to delete an API while it has subscriptions; deleting the default promotes another version", async () => {
    const { creator } = await roles(db());
    const ctx = ctxFor(db(), creator);
    const v1 = await createApi({ ctx, input: fullInput() });
    const v2 = await createVersion({ ctx, apiId: v1.id, input: { version: "2.0.0" } });
    const consumer = await createUser(db());
    const [app] = await db().insert(applications).values({ ownerId: consumer.id, name: "A" }).returning();
    const [subscription] = await db().insert(subscriptions).values({ applicationId: app.id, apiId: v1.id, throttlingTier: "Gold" }).returning();
    await expect(deleteApi({ ctx, apiId: v1.id })).rejects.toBeInstanceOf(ConflictError);
    await db().delete(subscriptions).where(eq(subscriptions.id, subscription.id));
    await deleteApi({ ctx, apiId: v1.id });
    await expect(getApi({ ctx, apiId: v1.id })).rejects.toBeInstanceOf(NotFoundError);
    expect((await getApi({ ctx, apiId: v2.id })).isDefaultVersion).toBe(true);
  });

  it("searches by name, context and tag, and filters by state", async () => {
    const { creator } = await roles(db());
    const ctx = ctxFor(db(), creator);
    const api = await createApi({ ctx, input: { ...fullInput(), tags: ["zebra-tag"] } });
    expect((await listApis({ ctx, input: { query: api.context } })).map((a) => a.id)).toEqual([api.id]);
    expect((await listApis({ ctx, input: { query: "tag:zebra-tag" } })).map((a) => a.id)).toEqual([api.id]);
    expect((await listApis({ ctx, input: { query: api.name.toUpperCase() } })).map((a) => a.id)).toEqual([api.id]);
    expect(await listApis({ ctx, input: { query: api.context, state: "PUBLISHED" } })).toEqual([]);
  });

  it("accepts only raster thumbnails of at most 1 MB", async () => {
    const { creator } = await roles(db());
    const ctx = ctxFor(db(), creator);
    const api = await createApi({ ctx, input: fullInput() });
    const svg = new TextEncoder().encode("<svg onload=alert(1)></svg>");
    await expect(setThumbnail({ ctx, apiId: api.id, image: svg })).rejects.toBeInstanceOf(ValidationError);
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(PNG);
    await expect(setThumbnail({ ctx, apiId: api.id, image: big })).rejects.toBeInstanceOf(ValidationError);
    expect(await setThumbnail({ ctx, apiId: api.id, image: PNG })).toEqual({ id: api.id, hasThumbnail: true });
  });
});
