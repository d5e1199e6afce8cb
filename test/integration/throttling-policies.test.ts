import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import * as policiesRoute from "@/app/api/v1/admin/throttling-policies/route";
import * as policyRoute from "@/app/api/v1/admin/throttling-policies/[policyId]/route";
import { apis, auditLog, throttlingPolicies } from "@/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { subscribe as onEvent, type ControlPlaneEvent } from "@/lib/events/bus";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { createPolicy, deletePolicy, listPolicies, updatePolicy } from "@/lib/throttling/policies";
import { createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";
import { createApi, createApplication, subscribe } from "@/test/harness/gateway-fixtures";
import { describeEachInstalledDatabase } from "@/test/harness/install";

describeEachInstalledDatabase("throttling policies (admin)", (db) => {
  const adminCtx = async () => ctxFor(db(), await createUser(db(), { roles: ["admin"] }));
  const input = (overrides: Record<string, unknown> = {}) => ({ level: "SUBSCRIPTION", name: `Tier${uniqueSuffix()}`, requestCount: 100, unitTime: 1, timeUnit: "min", ...overrides });

  it("creates, lists, edits and deletes a policy, audited, announcing each change", async () => {
    const ctx = await adminCtx();
    const events: ControlPlaneEvent[] = [];
    const stop = onEvent((event) => void events.push(event));
    try {
      const created = await createPolicy({ ctx, input: input({ name: "Platinum-x", requestCount: "300", unitTime: "2" }) });
      expect(created).toMatchObject({ level: "SUBSCRIPTION", name: "Platinum-x", displayName: "Platinum-x", requestCount: 300, unitTime: 2, isDefault: false });
      expect(created.description).toBe("Allows 300 requests per 2 minutes");

      const listed = await listPolicies({ ctx, level: "SUBSCRIPTION" });
      expect(listed.slice(0, 4).map((p) => [p.name, p.isDefault, p.id])).toEqual([
        ["Unlimited", true, null],
        ["Gold", true, null],
        ["Silver", true, null],
        ["Bronze", true, null],
      ]);
      expect(listed.find((p) => p.id === created.id)).toMatchObject({ name: "Platinum-x" });

      const updated = await updatePolicy({ ctx, policyId: created.id!, input: { requestCount: 50, unitTime: 1, timeUnit: "sec", displayName: "Platinum" } });
      expect(updated).toMatchObject({ name: "Platinum-x", displayName: "Platinum", requestCount: 50, timeUnit: "sec" });
      await expect(updatePolicy({ ctx, policyId: created.id!, input: { name: "Renamed", requestCount: 1, unitTime: 1, timeUnit: "sec" } })).rejects.toThrow(
        /name cannot be changed/,
      );

      await deletePolicy({ ctx, policyId: created.id! });
      expect(await db().select().from(throttlingPolicies).where(eq(throttlingPolicies.id, created.id!))).toEqual([]);
      const actions = (await db().select().from(auditLog).where(eq(auditLog.targetId, created.id!))).map((row) => row.action).sort();
      expect(actions).toEqual(["throttling_policy.create", "throttling_policy.delete", "throttling_policy.update"]);
      expect(events.filter((e) => e.type === "policies.changed")).toHaveLength(3);
    } finally {
      stop();
    }
  });

  it("keeps names unique per level and refuses the defaults' names", async () => {
    const ctx = await adminCtx();
    const name = `Dup${uniqueSuffix()}`;
    await createPolicy({ ctx, input: input({ name }) });
    await expect(createPolicy({ ctx, input: input({ name }) })).rejects.toBeInstanceOf(ConflictError);
    // The same name at another level is another policy.
    await expect(createPolicy({ ctx, input: input({ name, level: "APPLICATION" }) })).resolves.toMatchObject({ level: "APPLICATION" });
    await expect(createPolicy({ ctx, input: input({ name: "gold" }) })).rejects.toThrow(/default subscription policy/);
    await expect(createPolicy({ ctx, input: input({ name: "50KPerMin", level: "API" }) })).rejects.toBeInstanceOf(ConflictError);
  });

  it("validates limits, units and names", async () => {
    const ctx = await adminCtx();
    for (const bad of [{ requestCount: 0 }, { requestCount: 1.5 }, { unitTime: "x" }, { timeUnit: "week" }, { name: "has space" }, { level: "GLOBAL" }]) {
      await expect(createPolicy({ ctx, input: input(bad) })).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(updatePolicy({ ctx, policyId: "not-an-id", input: { requestCount: 1, unitTime: 1, timeUnit: "min" } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses to delete a policy in use, naming where", async () => {
    const ctx = await adminCtx();
    const owner = await createUser(db());
    const sub = await createPolicy({ ctx, input: input() });
    const app = await createPolicy({ ctx, input: input({ level: "APPLICATION" }) });
    const api = await createPolicy({ ctx, input: input({ level: "API" }) });
    const resource = await createPolicy({ ctx, input: input({ level: "API" }) });
    const offering = await createPolicy({ ctx, input: input() });

    const application = await createApplication(db(), owner.id, app.name);
    const shop = await createApi(db(), { name: `Shop${uniqueSuffix()}`, apiThrottlingTier: api.name, resources: [{ method: "GET", target: "/menu", throttlingTier: resource.name }] });
    await subscribe(db(), application.id, shop.id, sub.name);
    await db().update(apis).set({ subscriptionTiers: ["Gold", offering.name] }).where(eq(apis.id, shop.id));

    await expect(deletePolicy({ ctx, policyId: sub.id! })).rejects.toThrow(/in use by 1 subscription/);
    await expect(deletePolicy({ ctx, policyId: app.id! })).rejects.toThrow(new RegExp(`application ${application.name}`));
    await expect(deletePolicy({ ctx, policyId: api.id! })).rejects.toThrow(new RegExp(`API-level tier of ${shop.name} 1.0.0`));
    await expect(deletePolicy({ ctx, policyId: resource.id! })).rejects.toThrow(new RegExp(`resource GET /menu of ${shop.name}`));
    await expect(deletePolicy({ ctx, policyId: offering.id! })).rejects.toThrow(new RegExp(`subscription tiers of ${shop.name}`));
    await expect(deletePolicy({ ctx, policyId: offering.id! })).rejects.toBeInstanceOf(ConflictError);
  });

  it("rejects the wrong role", async () => {
    for (const roles of [["publisher"], ["subscriber"]] as const) {
      const ctx = ctxFor(db(), await createUser(db(), { roles: [...roles] }));
      await expect(createPolicy({ ctx, input: input() })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listPolicies({ ctx })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it("serves the REST API with the apim:admin scope: GET, POST, PUT, DELETE; 409, 403, 404 as problem+json", async () => {
    const token = async (roles: ("admin" | "subscriber")[], scopes: string[]) => {
      const user = await createUser(db(), { roles });
      const app = await createApplication(db(), user.id);
      const ctx = ctxFor(db(), user);
      await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
      return (await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", scopes } })).accessToken;
    };
    const admin = await token(["admin"], ["apim:admin"]);
    const call = <P,>(handler: (r: Request, c: { params: Promise<P> }) => Promise<Response>, params: P, method: string, bearer: string, body?: unknown, query = "") =>
      handler(
        new Request(`http://localhost:3000/api/v1/admin/throttling-policies${query}`, {
          method,
          headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        }),
        { params: Promise.resolve(params) },
      );

    const created = await call(policiesRoute.POST, {}, "POST", admin, input({ level: "APPLICATION", name: "RestTier" }));
    expect(created.status).toBe(201);
    const policy = (await created.json()) as { id: string };
    expect((await call(policiesRoute.POST, {}, "POST", admin, input({ level: "APPLICATION", name: "RestTier" }))).status).toBe(409);

    const listed = (await (await call(policiesRoute.GET, {}, "GET", admin, undefined, "?level=application")).json()) as { name: string; isDefault: boolean }[];
    expect(listed.map((p) => p.name)).toEqual(["Unlimited", "50PerMin", "20PerMin", "10PerMin", ...listed.slice(4).map((p) => p.name)]);
    expect(listed.some((p) => p.name === "RestTier" && !p.isDefault)).toBe(true);
    expect((await call(policiesRoute.GET, {}, "GET", admin, undefined, "?level=nope")).status).toBe(422);

    const put = await call(policyRoute.PUT, { policyId: policy.id }, "PUT", admin, { requestCount: 7, unitTime: 1, timeUnit: "hour" });
    expect(await put.json()).toMatchObject({ requestCount: 7, timeUnit: "hour" });
    expect(await (await call(policyRoute.GET, { policyId: policy.id }, "GET", admin)).json()).toMatchObject({ name: "RestTier", requestCount: 7 });

    const subscriber = await token(["subscriber"], ["apim:subscribe"]);
    const refused = await call(policyRoute.DELETE, { policyId: policy.id }, "DELETE", subscriber);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect((await call(policyRoute.DELETE, { policyId: policy.id }, "DELETE", admin)).status).toBe(204);
    expect((await call(policyRoute.GET, { policyId: policy.id }, "GET", admin)).status).toBe(404);
  });
});
