import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { applications, subscriptions } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, isUniqueViolation, ValidationError } from "@/lib/errors";
import { announce } from "@/lib/events/bus";
import { ownedApplication } from "@/lib/keys/owned-application";
import { neverExpiringRefused, NO_EXPIRY_FOR_ADMINS_ONLY } from "@/lib/keys/validity";
import { authorize, can, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { availablePolicyNames } from "@/lib/throttling/default-policies";
import { loadOwnedApplication, type ApplicationDto } from "./applications";
import { CreateApplicationInput, DeleteApplicationInput, UpdateApplicationInput } from "./schemas";
import { readPlatformSettings } from "@/lib/users/platform-settings";

type Args = { ctx: Ctx; input: unknown };

/** Tokens that never expire are an administrator's to allow, for an application as for a single token. */
function refuseNoExpiry(actor: Actor, tokenValiditySeconds: number | undefined): void {
  if (neverExpiringRefused(tokenValiditySeconds, can(actor, "admin:manage"))) {
    throw new ValidationError(`tokenValiditySeconds: ${NO_EXPIRY_FOR_ADMINS_ONLY}`, { tokenValiditySeconds: [NO_EXPIRY_FOR_ADMINS_ONLY] });
  }
}

/** Creates an application for the caller with an application-level tier. */
export async function createApplication({ ctx, input }: Args): Promise<ApplicationDto> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(CreateApplicationInput, input);
  refuseNoExpiry(actor, data.tokenValiditySeconds);
  const created = await withNameConflict(data.name, () =>
    ctx.db.transaction(async (tx) => {
      await checkTier(tx, data.throttlingTier);
      // Without a validity of its own, the application takes the platform default an admin set.
      const tokenValiditySeconds = data.tokenValiditySeconds ?? (await readPlatformSettings(tx)).defaultTokenValiditySeconds;
      const [row] = await tx.insert(applications).values({ ownerId: actor.id, ...data, tokenValiditySeconds }).returning({ id: applications.id });
      await recordAudit(tx, actor, { action: "application.create", targetType: "application", targetId: row.id, details: { name: data.name } });
      return loadOwnedApplication(tx, actor, row.id);
    }),
  );
  await announce({ type: "application.changed", applicationId: created.id });
  return created;
}

/** Changes what the input names: name, description, tier, token validity. */
export async function updateApplication({ ctx, input }: Args): Promise<ApplicationDto> {
  const actor = authorize(ctx, "devportal:subscribe");
  const { applicationId, ...changes } = parseInput(UpdateApplicationInput, input);
  refuseNoExpiry(actor, changes.tokenValiditySeconds);
  const updated = await withNameConflict(changes.name ?? "", () =>
    ctx.db.transaction(async (tx) => {
      await ownedApplication(tx, actor, applicationId);
      if (changes.throttlingTier) await checkTier(tx, changes.throttlingTier);
      await tx.update(applications).set({ ...changes, updatedAt: new Date() }).where(eq(applications.id, applicationId));
      await recordAudit(tx, actor, { action: "application.update", targetType: "application", targetId: applicationId, details: { fields: Object.keys(changes) } });
      return loadOwnedApplication(tx, actor, applicationId);
    }),
  );
  await announce({ type: "application.changed", applicationId });
  return updated;
}

/**
 * Deletes an application with its keys. While it has subscriptions it is refused unless `cascade`
 * is set; then the subscriptions go first, in the same transaction.
 */
export async function deleteApplication({ ctx, input }: Args): Promise<{ id: string; unsubscribed: number }> {
  const actor = authorize(ctx, "devportal:subscribe");
  const { applicationId, cascade } = parseInput(DeleteApplicationInput, input);
  const removed = await ctx.db.transaction(async (tx) => {
    const application = await ownedApplication(tx, actor, applicationId);
    const subs = await tx.select().from(subscriptions).where(eq(subscriptions.applicationId, application.id));
    if (subs.length > 0 && !cascade) {
      throw new ConflictError(
        `${application.name} has ${subs.length} subscription${subs.length === 1 ? "" : "s"}. Unsubscribe first, or confirm deleting them with the application.`,
      );
    }
    await tx.delete(subscriptions).where(eq(subscriptions.applicationId, application.id));
    await tx.delete(applications).where(eq(applications.id, application.id));
    await recordAudit(tx, actor, {
      action: "application.delete",
      targetType: "application",
      targetId: application.id,
      details: { name: application.name, unsubscribed: subs.map((s) => s.apiId) },
    });
    return subs;
  });
  for (const sub of removed) await announce({ type: "subscription.changed", subscriptionId: sub.id, applicationId, apiId: sub.apiId });
  await announce({ type: "application.changed", applicationId });
  return { id: applicationId, unsubscribed: removed.length };
}

async function checkTier(tx: Tx, tier: string): Promise<void> {
  const names = await availablePolicyNames(tx, "APPLICATION");
  if (!names.includes(tier)) {
    throw new ValidationError(`throttlingTier: ${tier} is not an application tier.`, {
      throttlingTier: [`Choose one of ${names.join(", ")}.`],
    });
  }
}

async function withNameConflict<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError(`You already have an application named “${name}”. Choose another name.`);
    }
    throw error;
  }
}
