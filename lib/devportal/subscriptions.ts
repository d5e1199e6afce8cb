import "server-only";
import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apis, applications, subscriptions } from "@/db/schema";
import { isUuid } from "@/lib/apis/access";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, isUniqueViolation, NotFoundError, ValidationError } from "@/lib/errors";
import { announce } from "@/lib/events/bus";
import { ownedApplication } from "@/lib/keys/owned-application";
import { authorize, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { ListSubscriptionsInput, SubscribeInput, SubscriptionIdInput } from "./schemas";
import { assertSubscribable } from "./subscription-rules";
import { audienceFilter } from "./visibility";

export type SubscriptionDto = {
  id: string;
  applicationId: string;
  applicationName: string;
  apiId: string;
  apiName: string;
  apiVersion: string;
  apiContext: string;
  apiState: (typeof apis.$inferSelect)["state"];
  throttlingTier: string;
  status: (typeof subscriptions.$inferSelect)["status"];
  createdAt: string;
};

type Args = { ctx: Ctx; input: unknown };

/** Subscribes one of the caller's applications to an API with one of the tiers the API offers. */
export async function subscribe({ ctx, input }: Args): Promise<SubscriptionDto> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(SubscribeInput, input);
  const created = await ctx.db
    .transaction(async (tx) => {
      const application = await ownedApplication(tx, actor, data.applicationId);
      const [api] = await tx.select().from(apis).where(and(eq(apis.id, data.apiId), audienceFilter(actor)));
      if (!api) throw new NotFoundError("API");
      assertSubscribable(api.state, api.name);
      if (!api.subscriptionTiers.includes(data.throttlingTier)) {
        throw new ValidationError(`throttlingTier: ${api.name} is not offered with ${data.throttlingTier}.`, {
          throttlingTier: [`Choose one of ${api.subscriptionTiers.join(", ")}.`],
        });
      }
      const [row] = await tx
        .insert(subscriptions)
        .values({ applicationId: application.id, apiId: api.id, throttlingTier: data.throttlingTier })
        .returning({ id: subscriptions.id });
      await recordAudit(tx, actor, {
        action: "subscription.create",
        targetType: "subscription",
        targetId: row.id,
        details: { applicationId: application.id, apiId: api.id, throttlingTier: data.throttlingTier },
      });
      const [dto] = await selectSubscriptions(tx, actor, eq(subscriptions.id, row.id));
      return dto;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new ConflictError("This application is already subscribed to this API.");
      throw error;
    });
  await announce({ type: "subscription.changed", subscriptionId: created.id, applicationId: created.applicationId, apiId: created.apiId });
  return created;
}

/** Removes one of the caller's subscriptions; the gateway refuses the app's calls to the API within a second. */
export async function unsubscribe({ ctx, input }: Args): Promise<SubscriptionDto> {
  const actor = authorize(ctx, "devportal:subscribe");
  const { subscriptionId } = parseInput(SubscriptionIdInput, input);
  const removed = await ctx.db.transaction(async (tx) => {
    const dto = await findOwnSubscription(tx, actor, subscriptionId);
    await tx.delete(subscriptions).where(eq(subscriptions.id, dto.id));
    await recordAudit(tx, actor, {
      action: "subscription.delete",
      targetType: "subscription",
      targetId: dto.id,
      details: { applicationId: dto.applicationId, apiId: dto.apiId },
    });
    return dto;
  });
  await announce({ type: "subscription.changed", subscriptionId: removed.id, applicationId: removed.applicationId, apiId: removed.apiId });
  return removed;
}

/** The caller's subscriptions of one application, or to one API. */
export async function listSubscriptions({ ctx, input }: Args): Promise<SubscriptionDto[]> {
  const actor = authorize(ctx, "devportal:subscribe");
  const { applicationId, apiId } = parseInput(ListSubscriptionsInput, input);
  if (applicationId) await ownedApplication(ctx.db, actor, applicationId);
  return selectSubscriptions(
    ctx.db,
    actor,
    applicationId ? eq(subscriptions.applicationId, applicationId) : undefined,
    apiId ? eq(subscriptions.apiId, apiId) : undefined,
  );
}

export async function getSubscription({ ctx, input }: Args): Promise<SubscriptionDto> {
  const actor = authorize(ctx, "devportal:subscribe");
  const { subscriptionId } = parseInput(SubscriptionIdInput, input);
  return findOwnSubscription(ctx.db, actor, subscriptionId);
}

async function findOwnSubscription(db: Queryable, actor: Actor, subscriptionId: string): Promise<SubscriptionDto> {
  if (!isUuid(subscriptionId)) throw new NotFoundError("subscription");
  const [dto] = await selectSubscriptions(db, actor, eq(subscriptions.id, subscriptionId));
  if (!dto) throw new NotFoundError("subscription");
  return dto;
}

/** Subscriptions of the actor's own applications only, whatever else the filters say. */
async function selectSubscriptions(db: Queryable, actor: Actor, ...filters: (SQL | undefined)[]): Promise<SubscriptionDto[]> {
  const rows = await db
    .select({
      id: subscriptions.id,
      applicationId: subscriptions.applicationId,
      applicationName: applications.name,
      apiId: subscriptions.apiId,
      apiName: apis.name,
      apiVersion: apis.version,
      apiContext: apis.context,
      apiState: apis.state,
      throttlingTier: subscriptions.throttlingTier,
      status: subscriptions.status,
      createdAt: subscriptions.createdAt,
    })
    .from(subscriptions)
    .innerJoin(applications, eq(applications.id, subscriptions.applicationId))
    .innerJoin(apis, eq(apis.id, subscriptions.apiId))
    .where(and(eq(applications.ownerId, actor.id), ...filters))
    .orderBy(asc(apis.name), asc(apis.version), asc(applications.name));
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}
