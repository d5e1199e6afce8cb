import { eq } from "drizzle-orm";
import { afterEach, beforeEach, expect, it } from "vitest";
import { applications, subscriptions, type ApiState } from "@/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import { subscribe as onEvent, type ControlPlaneEvent } from "@/lib/events/bus";
import { deleteApplication, updateApplication } from "@/lib/devportal/application-writes";
import { getApplication, listApplications } from "@/lib/devportal/applications";
import { getDevportalApi } from "@/lib/devportal/api-view";
import { listCatalogue } from "@/lib/devportal/catalogue";
import { rollUpUsage } from "@/lib/analytics/rollup";
import { insertEvents, syntheticEvents } from "./analytics-fixtures";
import { addComment, deleteComment, listComments } from "@/lib/devportal/comments";
import { rateApi } from "@/lib/devportal/ratings";
import { listSubscriptions, subscribe, unsubscribe } from "@/lib/devportal/subscriptions";
import { describeEachDatabase } from "@/test/harness/databases";
import { createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";
import { subscribe as insertSubscription } from "@/test/harness/gateway-fixtures";
import { createCatalogueApi, createOwnApplication } from "./devportal-fixtures";

describeEachDatabase("developer portal services", (db) => {
  let events: ControlPlaneEvent[] = [];
  let stop: () => void = () => undefined;
  beforeEach(() => {
    events = [];
    stop = onEvent((event) => void events.push(event));
  });
  afterEach(() => stop());

  it("lists PUBLISHED and PROTOTYPED APIs, DEPRECATED ones only to their subscribers, RESTRICTED ones only to the roles named", async () => {
    const tag = `t${uniqueSuffix()}`;
    const made = {} as Record<ApiState, string>;
    for (const state of ["CREATED", "PROTOTYPED", "PUBLISHED", "BLOCKED", "DEPRECATED", "RETIRED"] as const) {
      made[state] = (await createCatalogueApi(db(), { state, tags: [tag] })).id;
    }
    const restricted = await createCatalogueApi(db(), { tags: [tag], visibility: "RESTRICTED", visibleRoles: ["creator"] });
    const subscriber = await createUser(db());
    const creator = await createUser(db(), { roles: ["creator"] });
    const ids = async (actor: typeof subscriber | null) =>
      (await listCatalogue({ ctx: ctxFor(db(), actor), input: { query: `tag:${tag}` } })).map((e) => e.id).sort();

    expect(await ids(null)).toEqual([made.PROTOTYPED, made.PUBLISHED].sort());
    expect(await ids(creator)).toEqual([made.PROTOTYPED, made.PUBLISHED, restricted.id].sort());
    const app = await createOwnApplication(db(), subscriber);
    await insertSubscription(db(), app.id, made.DEPRECATED);
    expect(await ids(subscriber)).toEqual([made.PROTOTYPED, made.PUBLISHED, made.DEPRECATED].sort());
    await expect(getDevportalApi({ ctx: ctxFor(db(), null), input: { apiId: made.DEPRECATED } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDevportalApi({ ctx: ctxFor(db(), subscriber), input: { apiId: made.DEPRECATED } })).resolves.toMatchObject({ state: "DEPRECATED" });
    for (const hidden of [made.CREATED, made.BLOCKED, made.RETIRED, restricted.id]) {
      await expect(getDevportalApi({ ctx: ctxFor(db(), subscriber), input: { apiId: hidden } })).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it("searches by name, tag: and creator:, filters by tag and sorts by rating", async () => {
    const author = await createUser(db(), { roles: ["creator"] });
    const word = `Zebra${uniqueSuffix()}`;
    const a = await createCatalogueApi(db(), { name: `${word}One`, tags: ["animals"], createdBy: author.id });
    const b = await createCatalogueApi(db(), { name: `${word}Two`, tags: ["animals", `x${word}`] });
    const rater = await createUser(db());
    await rateApi({ ctx: ctxFor(db(), rater), input: { apiId: a.id, rating: 2 } });
    await rateApi({ ctx: ctxFor(db(), rater), input: { apiId: b.id, rating: 5 } });
    const list = (input: object) => listCatalogue({ ctx: ctxFor(db(), null), input }).then((rows) => rows.map((r) => r.id));
    expect((await list({ query: word.toLowerCase(), sort: "rating" }))).toEqual([b.id, a.id]);
    expect(await list({ query: `tag:x${word}` })).toEqual([b.id]);
    expect(await list({ query: `creator:${author.email.toUpperCase()}` })).toEqual([a.id]);
    expect(await list({ query: word, tag: `x${word}` })).toEqual([b.id]);
    const [entry] = await listCatalogue({ ctx: ctxFor(db(), null), input: { query: `${word}Two` } });
    expect(entry.rating).toEqual({ average: 5, count: 1 });
  });

  it("sorts by calls through the gateway over the last 30 days, as rolled up", async () => {
    const word = `Yak${uniqueSuffix()}`;
    const quiet = await createCatalogueApi(db(), { name: `${word}Quiet` });
    const busy = await createCatalogueApi(db(), { name: `${word}Busy` });
    const now = new Date();
    const events = (apiId: string, count: number, seed: number) => syntheticEvents({ count, now, spanMs: 20 * 86_400_000, apis: [{ apiId }], applicationIds: [null], seed });
    // Older than the window: counted nowhere.
    const stale = syntheticEvents({ count: 50, now: new Date(now.getTime() - 40 * 86_400_000), spanMs: 86_400_000, apis: [{ apiId: quiet.id }], applicationIds: [null], seed: 9 });
    await insertEvents(db(), [...events(quiet.id, 3, 7), ...events(busy.id, 12, 8), ...stale]);
    await rollUpUsage(db());
    const rows = await listCatalogue({ ctx: ctxFor(db(), null), input: { query: word, sort: "usage" } });
    expect(rows.map((r) => [r.id, r.calls])).toEqual([
      [busy.id, 12],
      [quiet.id, 3],
    ]);
  });

  const RULES: { state: ApiState; outcome: "ok" | typeof ConflictError | typeof NotFoundError }[] = [
    { state: "PUBLISHED", outcome: "ok" },
    { state: "PROTOTYPED", outcome: ConflictError },
    { state: "DEPRECATED", outcome: ConflictError },
    { state: "BLOCKED", outcome: ConflictError },
    { state: "CREATED", outcome: NotFoundError },
    { state: "RETIRED", outcome: NotFoundError },
  ];
  for (const { state, outcome } of RULES) {
    it(`subscribing to a ${state} API: ${outcome === "ok" ? "allowed" : outcome.name}`, async () => {
      const user = await createUser(db());
      const app = await createOwnApplication(db(), user);
      const api = await createCatalogueApi(db(), { state });
      const attempt = subscribe({ ctx: ctxFor(db(), user), input: { applicationId: app.id, apiId: api.id, throttlingTier: "Bronze" } });
      if (outcome === "ok") {
        const created = await attempt;
        expect(created).toMatchObject({ applicationId: app.id, apiId: api.id, throttlingTier: "Bronze", status: "ACTIVE" });
        expect(events).toContainEqual({ type: "subscription.changed", subscriptionId: created.id, applicationId: app.id, apiId: api.id });
      } else {
        await expect(attempt).rejects.toBeInstanceOf(outcome);
        expect(events.filter((e) => e.type === "subscription.changed")).toEqual([]);
      }
    });
  }

  it("keeps a deprecated API's existing subscriptions, refuses a second subscription and tiers the API does not offer", async () => {
    const user = await createUser(db());
    const app = await createOwnApplication(db(), user);
    const api = await createCatalogueApi(db());
    const ctx = ctxFor(db(), user);
    await expect(subscribe({ ctx, input: { applicationId: app.id, apiId: api.id, throttlingTier: "Platinum" } })).rejects.toBeInstanceOf(ValidationError);
    const sub = await subscribe({ ctx, input: { applicationId: app.id, apiId: api.id, throttlingTier: "Gold" } });
    await expect(subscribe({ ctx, input: { applicationId: app.id, apiId: api.id, throttlingTier: "Gold" } })).rejects.toBeInstanceOf(ConflictError);
    const deprecated = await createCatalogueApi(db(), { state: "DEPRECATED" });
    await insertSubscription(db(), app.id, deprecated.id);
    const other = await createOwnApplication(db(), user);
    await expect(subscribe({ ctx, input: { applicationId: other.id, apiId: deprecated.id, throttlingTier: "Gold" } })).rejects.toThrow(/deprecated/);
    expect((await listSubscriptions({ ctx, input: { applicationId: app.id } })).map((s) => s.apiId).sort()).toEqual([api.id, deprecated.id].sort());
    expect((await listSubscriptions({ ctx, input: { apiId: api.id } })).map((s) => s.id)).toEqual([sub.id]);
    await unsubscribe({ ctx, input: { subscriptionId: sub.id } });
    expect(events.at(-1)).toEqual({ type: "subscription.changed", subscriptionId: sub.id, applicationId: app.id, apiId: api.id });
  });

  it("refuses 0 and 6 and fractions, and a second rating replaces the first", async () => {
    const api = await createCatalogueApi(db());
    const [one, two] = [await createUser(db()), await createUser(db())];
    for (const rating of [0, 6, 2.5, "x"]) {
      await expect(rateApi({ ctx: ctxFor(db(), one), input: { apiId: api.id, rating } })).rejects.toBeInstanceOf(ValidationError);
    }
    await rateApi({ ctx: ctxFor(db(), one), input: { apiId: api.id, rating: 1 } });
    expect(await rateApi({ ctx: ctxFor(db(), two), input: { apiId: api.id, rating: 4 } })).toEqual({ average: 2.5, count: 2, mine: 4 });
    expect(await rateApi({ ctx: ctxFor(db(), one), input: { apiId: api.id, rating: 5 } })).toEqual({ average: 4.5, count: 2, mine: 5 });
    await expect(rateApi({ ctx: ctxFor(db(), null), input: { apiId: api.id, rating: 3 } })).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("refuses to delete an application with subscriptions unless told to cascade, then removes both at once", async () => {
    const user = await createUser(db());
    const ctx = ctxFor(db(), user);
    const app = await createOwnApplication(db(), user);
    const api = await createCatalogueApi(db());
    const sub = await subscribe({ ctx, input: { applicationId: app.id, apiId: api.id, throttlingTier: "Unlimited" } });
    await expect(deleteApplication({ ctx, input: { applicationId: app.id } })).rejects.toBeInstanceOf(ConflictError);
    expect(await getApplication({ ctx, input: { applicationId: app.id } })).toMatchObject({ subscriptionCount: 1 });
    events = [];
    expect(await deleteApplication({ ctx, input: { applicationId: app.id, cascade: true } })).toEqual({ id: app.id, unsubscribed: 1 });
    expect(await db().select().from(subscriptions).where(eq(subscriptions.id, sub.id))).toEqual([]);
    expect(await db().select().from(applications).where(eq(applications.id, app.id))).toEqual([]);
    expect(events).toEqual([
      { type: "subscription.changed", subscriptionId: sub.id, applicationId: app.id, apiId: api.id },
      { type: "application.changed", applicationId: app.id },
    ]);
  });

  it("validates application tiers and token validity, and refuses duplicate names", async () => {
    const user = await createUser(db());
    const ctx = ctxFor(db(), user);
    const app = await createOwnApplication(db(), user, "Mobile");
    // Tokens that never expire are an administrator's to allow.
    await expect(updateApplication({ ctx, input: { applicationId: app.id, tokenValiditySeconds: "-1" } })).rejects.toBeInstanceOf(ValidationError);
    const updated = await updateApplication({ ctx, input: { applicationId: app.id, throttlingTier: "10PerMin", tokenValiditySeconds: "600" } });
    expect(updated).toMatchObject({ throttlingTier: "10PerMin", tokenValiditySeconds: 600 });
    expect(events).toContainEqual({ type: "application.changed", applicationId: app.id });
    await expect(updateApplication({ ctx, input: { applicationId: app.id, throttlingTier: "Gold" } })).rejects.toBeInstanceOf(ValidationError);
    await expect(updateApplication({ ctx, input: { applicationId: app.id, tokenValiditySeconds: 0 } })).rejects.toBeInstanceOf(ValidationError);
    await expect(createOwnApplication(db(), user, "Mobile")).rejects.toBeInstanceOf(ConflictError);
  });

  it("keeps each consumer to their own applications and subscriptions", async () => {
    const [alice, bob] = [await createUser(db()), await createUser(db())];
    const app = await createOwnApplication(db(), alice);
    const api = await createCatalogueApi(db());
    const sub = await subscribe({ ctx: ctxFor(db(), alice), input: { applicationId: app.id, apiId: api.id, throttlingTier: "Gold" } });
    const ctx = ctxFor(db(), bob);
    const attempts = [
      () => getApplication({ ctx, input: { applicationId: app.id } }),
      () => updateApplication({ ctx, input: { applicationId: app.id, name: "Mine now" } }),
      () => deleteApplication({ ctx, input: { applicationId: app.id, cascade: true } }),
      () => subscribe({ ctx, input: { applicationId: app.id, apiId: api.id, throttlingTier: "Gold" } }),
      () => listSubscriptions({ ctx, input: { applicationId: app.id } }),
      () => unsubscribe({ ctx, input: { subscriptionId: sub.id } }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
    expect(await listSubscriptions({ ctx, input: { apiId: api.id } })).toEqual([]);
    expect((await listApplications({ ctx })).map((a) => a.id)).not.toContain(app.id);
  });

  it("lets authors delete their comments, publishers of the API's organization anyone's, and nobody else", async () => {
    const api = await createCatalogueApi(db());
    const [author, stranger] = [await createUser(db()), await createUser(db())];
    const publisher = await createUser(db(), { roles: ["publisher"] });
    const first = await addComment({ ctx: ctxFor(db(), author), input: { apiId: api.id, content: "Nice **API**" } });
    const second = await addComment({ ctx: ctxFor(db(), author), input: { apiId: api.id, content: "Second" } });
    expect((await listComments({ ctx: ctxFor(db(), stranger), input: { apiId: api.id } })).map((c) => c.canDelete)).toEqual([false, false]);
    await expect(deleteComment({ ctx: ctxFor(db(), stranger), input: { apiId: api.id, commentId: first.id } })).rejects.toBeInstanceOf(ForbiddenError);
    await deleteComment({ ctx: ctxFor(db(), author), input: { apiId: api.id, commentId: first.id } });
    await deleteComment({ ctx: ctxFor(db(), publisher), input: { apiId: api.id, commentId: second.id } });
    expect(await listComments({ ctx: ctxFor(db(), null), input: { apiId: api.id } })).toEqual([]);
    await expect(addComment({ ctx: ctxFor(db(), author), input: { apiId: api.id, content: "   " } })).rejects.toBeInstanceOf(ValidationError);
  });
});
