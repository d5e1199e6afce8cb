import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { API_STATES, apis, applications, subscriptions, type ApiState } from "@/db/schema";
import { changeLifecycle } from "@/lib/apis/change-lifecycle";
import { createApi } from "@/lib/apis/create-api";
import { LIFECYCLE, LIFECYCLE_ACTIONS, allowedActions, nextState } from "@/lib/apis/lifecycle";
import { lifecycleHistory } from "@/lib/apis/lifecycle-history";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { subscribe } from "@/lib/events/bus";
import type { Actor } from "@/lib/services/context";
import type { Database } from "@/db/client";
import { describeEachDatabase } from "@/test/harness/databases";
import { createOrganization, createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";

/** The SPEC's lifecycle table, written out independently of lib/apis/lifecycle.ts. */
const SPEC_TABLE: [ApiState, string, ApiState][] = [
  ["CREATED", "Publish", "PUBLISHED"],
  ["CREATED", "Deploy as a Prototype", "PROTOTYPED"],
  ["PROTOTYPED", "Publish", "PUBLISHED"],
  ["PROTOTYPED", "Demote to Created", "CREATED"],
  ["PUBLISHED", "Block", "BLOCKED"],
  ["PUBLISHED", "Deprecate", "DEPRECATED"],
  ["PUBLISHED", "Demote to Created", "CREATED"],
  ["PUBLISHED", "Deploy as a Prototype", "PROTOTYPED"],
  ["BLOCKED", "Re-Publish", "PUBLISHED"],
  ["BLOCKED", "Deprecate", "DEPRECATED"],
  ["DEPRECATED", "Retire", "RETIRED"],
];
const expected = (from: ApiState, action: string) => SPEC_TABLE.find(([f, a]) => f === from && a === action)?.[2] ?? null;
const ALL_PAIRS = API_STATES.flatMap((state) => LIFECYCLE_ACTIONS.map((action) => [state, action] as const));

it("the state machine is exactly the SPEC's table", () => {
  for (const [state, action] of ALL_PAIRS) expect(nextState(state, action), `${state} × ${action}`).toBe(expected(state, action));
  expect(Object.keys(LIFECYCLE).sort()).toEqual([...API_STATES].sort());
  expect(allowedActions("RETIRED")).toEqual([]);
});

async function newApi(db: Database, actor: Actor, version = "1.0.0", context = `/lc-${uniqueSuffix()}`) {
  return createApi({
    ctx: ctxFor(db, actor),
    input: {
      name: `Api${context.replace(/\W/g, "")}`,
      context,
      version,
      endpoints: { production: { url: "http://127.0.0.1:9/backend" } },
      resources: [{ method: "GET", target: "/items" }],
    },
  });
}

describeEachDatabase("API lifecycle", (db) => {
  it.each(ALL_PAIRS)("%s × %s follows the table (allowed → new state, refused → 409)", async (state, action) => {
    const publisher = await createUser(db(), { roles: ["publisher"] });
    const api = await newApi(db(), publisher);
    await db().update(apis).set({ state }).where(eq(apis.id, api.id));
    const to = expected(state, action);
    const attempt = changeLifecycle({ ctx: ctxFor(db(), publisher), apiId: api.id, input: { action } });
    if (to === null) {
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      const [row] = await db().select({ state: apis.state }).from(apis).where(eq(apis.id, api.id));
      expect(row.state).toBe(state);
    } else {
      await expect(attempt).resolves.toMatchObject({ state: to, previousState: state });
      const history = await lifecycleHistory({ ctx: ctxFor(db(), publisher), apiId: api.id });
      expect(history[0]).toMatchObject({ action, from: state, to, actor: { id: publisher.id } });
    }
  });

  it("creators see the state but cannot change it; subscribers cannot either", async () => {
    const creator = await createUser(db(), { roles: ["creator"] });
    const api = await newApi(db(), creator);
    await expect(changeLifecycle({ ctx: ctxFor(db(), creator), apiId: api.id, input: { action: "Publish" } })).rejects.toBeInstanceOf(ForbiddenError);
    const subscriber = await createUser(db());
    await expect(changeLifecycle({ ctx: ctxFor(db(), subscriber), apiId: api.id, input: { action: "Publish" } })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await lifecycleHistory({ ctx: ctxFor(db(), creator), apiId: api.id })).toEqual([]);
  });

  it("another organisation's API is a 404 for the publisher", async () => {
    const owner = await createUser(db(), { roles: ["creator"] });
    const api = await newApi(db(), owner);
    const outsider = await createUser(db(), { roles: ["publisher"], organizationId: await createOrganization(db()) });
    await expect(changeLifecycle({ ctx: ctxFor(db(), outsider), apiId: api.id, input: { action: "Publish" } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses to publish an API without an endpoint", async () => {
    const publisher = await createUser(db(), { roles: ["publisher"] });
    const api = await createApi({ ctx: ctxFor(db(), publisher), input: { name: `NoEp${uniqueSuffix()}`, context: `/noep-${uniqueSuffix()}`, version: "1" } });
    await expect(changeLifecycle({ ctx: ctxFor(db(), publisher), apiId: api.id, input: { action: "Publish" } })).rejects.toThrow(/endpoint/);
  });

  it("publish with deprecateOldVersions deprecates older PUBLISHED versions only, and carries subscriptions over", async () => {
    const publisher = await createUser(db(), { roles: ["publisher"] });
    const ctx = ctxFor(db(), publisher);
    const context = `/multi-${uniqueSuffix()}`;
    const v1 = await newApi(db(), publisher, "1.0.0", context);
    const v15 = await newApi(db(), publisher, "1.5.0", context);
    const v3 = await newApi(db(), publisher, "3.0.0", context);
    for (const api of [v1, v15, v3]) await changeLifecycle({ ctx, apiId: api.id, input: { action: "Publish" } });
    await changeLifecycle({ ctx, apiId: v15.id, input: { action: "Block" } });
    const consumer = await createUser(db());
    const [app] = await db().insert(applications).values({ ownerId: consumer.id, name: "App" }).returning();
    await db().insert(subscriptions).values({ applicationId: app.id, apiId: v1.id, throttlingTier: "Unlimited" });

    const v2 = await newApi(db(), publisher, "2.0.0", context);
    const events: string[] = [];
    const stop = subscribe((event) => {
      if (event.type === "api.changed") events.push(event.apiId);
    });
    const result = await changeLifecycle({ ctx, apiId: v2.id, input: { action: "Publish", deprecateOldVersions: true } });
    stop();
    expect(result).toMatchObject({ state: "PUBLISHED", deprecatedVersions: ["1.0.0"], copiedSubscriptions: 1 });
    const states = Object.fromEntries(
      (await db().select({ version: apis.version, state: apis.state }).from(apis).where(eq(apis.context, context))).map((r) => [r.version, r.state]),
    );
    expect(states).toEqual({ "1.0.0": "DEPRECATED", "1.5.0": "BLOCKED", "2.0.0": "PUBLISHED", "3.0.0": "PUBLISHED" });
    expect(events).toEqual(expect.arrayContaining([v2.id, v1.id]));
    const carried = await db().select().from(subscriptions).where(eq(subscriptions.apiId, v2.id));
    expect(carried.map((s) => [s.applicationId, s.status])).toEqual([[app.id, "ACTIVE"]]);
    const history = await lifecycleHistory({ ctx, apiId: v1.id });
    expect(history[0]).toMatchObject({ action: "Deprecate", from: "PUBLISHED", to: "DEPRECATED" });
  });

  it("publish with requireResubscription leaves older subscriptions where they are", async () => {
    const publisher = await createUser(db(), { roles: ["publisher"] });
    const ctx = ctxFor(db(), publisher);
    const context = `/resub-${uniqueSuffix()}`;
    const v1 = await newApi(db(), publisher, "1.0.0", context);
    await changeLifecycle({ ctx, apiId: v1.id, input: { action: "Publish" } });
    const consumer = await createUser(db());
    const [app] = await db().insert(applications).values({ ownerId: consumer.id, name: "App" }).returning();
    await db().insert(subscriptions).values({ applicationId: app.id, apiId: v1.id, throttlingTier: "Unlimited" });
    const v2 = await newApi(db(), publisher, "2.0.0", context);
    const result = await changeLifecycle({ ctx, apiId: v2.id, input: { action: "Publish", requireResubscription: true } });
    expect(result).toMatchObject({ copiedSubscriptions: 0, deprecatedVersions: [] });
    expect(await db().select().from(subscriptions).where(eq(subscriptions.apiId, v2.id))).toEqual([]);
  });

  it("names an unknown action", async () => {
    const publisher = await createUser(db(), { roles: ["publisher"] });
    const api = await newApi(db(), publisher);
    const error = await changeLifecycle({ ctx: ctxFor(db(), publisher), apiId: api.id, input: { action: "Launch" } }).catch((e) => e);
    expect(error.fieldErrors).toHaveProperty("action");
  });
});
