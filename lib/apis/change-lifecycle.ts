import "server-only";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { apiEndpoints, apiLifecycleEvents, apis, subscriptions, type ApiState } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError } from "@/lib/errors";
import { authorize, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { findOwnApi, type ApiRow } from "./access";
import { announce } from "@/lib/events/bus";
import { allowedActions, LIFECYCLE_ACTIONS, nextState, type LifecycleAction } from "./lifecycle";
import { FormBoolean } from "./form-values";
import { omit } from "./omit";
import { compareVersions } from "./versions";

export const LifecycleInput = z.object({
  action: z.enum(LIFECYCLE_ACTIONS),
  /** Publish only: every PUBLISHED older version of the context becomes DEPRECATED. */
  deprecateOldVersions: FormBoolean.default(false),
  /** Publish only: when false, active subscriptions of older published versions are carried over. */
  requireResubscription: FormBoolean.default(false),
});
export type LifecycleInput = z.input<typeof LifecycleInput>;

export type LifecycleResult = {
  id: string;
  state: ApiState;
  previousState: ApiState;
  deprecatedVersions: string[];
  copiedSubscriptions: number;
};

/** Moves an API through the lifecycle table; anything the table does not allow is a 409. Publishers only. */
export async function changeLifecycle({ ctx, apiId, input }: { ctx: Ctx; apiId: string; input: unknown }): Promise<LifecycleResult> {
  const actor = authorize(ctx, "api:publish");
  const data = parseInput(LifecycleInput, input);
  const outcome = await ctx.db.transaction(async (tx) => {
    const row = await findOwnApi(tx, actor, apiId, { lock: true });
    const result = await applyLifecycleAction(tx, actor, row, data.action, data);
    await recordAudit(tx, actor, {
      action: "api.lifecycle",
      targetType: "api",
      targetId: row.id,
      details: { ...data, from: result.previousState, to: result.state, deprecatedVersions: result.deprecatedVersions },
    });
    return result;
  });
  await announce(...outcome.changedApiIds.map((apiId) => ({ type: "api.changed" as const, apiId })));
  for (const subscription of outcome.copied) await announce({ type: "subscription.changed", ...subscription });
  return { ...omit(outcome, "changedApiIds", "copied"), copiedSubscriptions: outcome.copied.length };
}

type Applied = Omit<LifecycleResult, "copiedSubscriptions"> & {
  changedApiIds: string[];
  copied: { subscriptionId: string; applicationId: string; apiId: string }[];
};

/** The transition itself, inside the caller's transaction (the sample deploy publishes with it too). */
export async function applyLifecycleAction(
  tx: Tx,
  actor: Actor,
  row: ApiRow,
  action: LifecycleAction,
  options: { deprecateOldVersions?: boolean; requireResubscription?: boolean } = {},
): Promise<Applied> {
  const to = nextState(row.state, action);
  if (!to) {
    const allowed = allowedActions(row.state);
    throw new ConflictError(
      `${row.name} ${row.version} is ${row.state}, so “${action}” is not possible. ${allowed.length ? `Allowed: ${allowed.join(", ")}.` : "A retired API stays retired."}`,
    );
  }
  if (to === "PUBLISHED") await requireEndpoint(tx, row);
  await setState(tx, actor, row.id, action, row.state, to);
  const applied: Applied = { id: row.id, state: to, previousState: row.state, deprecatedVersions: [], changedApiIds: [row.id], copied: [] };
  if (action !== "Publish") return applied;

  const older = (
    await tx
      .select({ id: apis.id, version: apis.version, state: apis.state })
      .from(apis)
      .where(and(eq(apis.context, row.context), eq(apis.organizationId, row.organizationId), ne(apis.id, row.id)))
      .for("update")
  ).filter((other) => other.state === "PUBLISHED" && compareVersions(other.version, row.version) < 0);
  if (!options.requireResubscription) applied.copied = await carrySubscriptions(tx, row, older.map((o) => o.id));
  if (options.deprecateOldVersions) {
    for (const other of older) {
      await setState(tx, actor, other.id, "Deprecate", other.state, "DEPRECATED");
      applied.deprecatedVersions.push(other.version);
      applied.changedApiIds.push(other.id);
    }
  }
  return applied;
}

async function setState(tx: Tx, actor: Actor, apiId: string, action: string, from: ApiState, to: ApiState) {
  await tx.update(apis).set({ state: to, updatedAt: new Date() }).where(eq(apis.id, apiId));
  await tx.insert(apiLifecycleEvents).values({ apiId, action, fromState: from, toState: to, actorId: actor.id });
}

async function requireEndpoint(tx: Tx, row: ApiRow) {
  const [{ value }] = await tx.select({ value: count() }).from(apiEndpoints).where(eq(apiEndpoints.apiId, row.id));
  if (value === 0) throw new ConflictError(`Add a production or sandbox endpoint to ${row.name} ${row.version} before publishing it.`);
}

/** As WSO2 does without "Require re-subscription": active subscriptions of older published versions move along. */
async function carrySubscriptions(tx: Tx, row: ApiRow, fromApiIds: string[]) {
  if (fromApiIds.length === 0) return [];
  const existing = await tx
    .select({ applicationId: subscriptions.applicationId, throttlingTier: subscriptions.throttlingTier })
    .from(subscriptions)
    .where(and(inArray(subscriptions.apiId, fromApiIds), eq(subscriptions.status, "ACTIVE")));
  // An application subscribed to two older versions gets one subscription to the new one.
  const byApplication = new Map(existing.map((s) => [s.applicationId, s]));
  if (byApplication.size === 0) return [];
  const offered = row.subscriptionTiers;
  const copied = await tx
    .insert(subscriptions)
    .values(
      [...byApplication.values()].map((s) => ({
        applicationId: s.applicationId,
        apiId: row.id,
        throttlingTier: offered.includes(s.throttlingTier) ? s.throttlingTier : offered[0],
        status: "ACTIVE" as const,
      })),
    )
    .onConflictDoNothing({ target: [subscriptions.applicationId, subscriptions.apiId] })
    .returning({ subscriptionId: subscriptions.id, applicationId: subscriptions.applicationId, apiId: subscriptions.apiId });
  return copied;
}
