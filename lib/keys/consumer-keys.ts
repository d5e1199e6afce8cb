import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { oauthClients } from "@/db/schema";
import type { KeyType } from "@/db/schema/apis";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, isUniqueViolation, NotFoundError } from "@/lib/errors";
import { announce } from "@/lib/events/bus";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { insertClient, replaceClientSecret } from "./clients";
import { ownedApplication } from "./owned-application";
import { ApplicationKeysInput, GenerateConsumerKeysInput, GRANT_TYPES } from "./schemas";

/** An application's consumer key pair for one key type, without the secret. */
export type ConsumerKeys = {
  consumerKey: string;
  keyType: KeyType;
  grantTypes: string[];
  /** The first characters of the secret, to tell which one is in use. */
  secretPrefix: string;
  createdAt: Date;
};

/** What generation and regeneration return: the only time the secret is shown. */
export type ConsumerKeysWithSecret = ConsumerKeys & { consumerSecret: string };

type Args = { ctx: Ctx; input: unknown };

/** Creates the application's PRODUCTION or SANDBOX key pair (one of each at most). */
export async function generateConsumerKeys({ ctx, input }: Args): Promise<ConsumerKeysWithSecret> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(GenerateConsumerKeysInput, input);
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const application = await ownedApplication(tx, actor, data.applicationId);
      if (await activeClient(tx, application.id, data.keyType)) throw alreadyGenerated(data.keyType);
      const { row, clientSecret } = await insertClient(tx, {
        ownerId: actor.id,
        applicationId: application.id,
        keyType: data.keyType,
        name: `${application.name} (${data.keyType})`,
        grantTypes: data.grantTypes ? [...new Set(data.grantTypes)] : GRANT_TYPES,
        // The secret's holder gets no management scope the calling credential lacks (null: a session).
        managementScopes: actor.scopes ?? null,
      });
      await recordAudit(tx, actor, {
        action: "keys.generate",
        targetType: "application",
        targetId: application.id,
        details: { keyType: data.keyType, consumerKey: row.clientId },
      });
      return { ...toConsumerKeys(row), consumerSecret: clientSecret };
    });
    await announce({ type: "application.changed", applicationId: data.applicationId });
    return result;
  } catch (error) {
    // Two generations at once: the partial unique index lets one win.
    if (isUniqueViolation(error)) throw alreadyGenerated(data.keyType);
    throw error;
  }
}

/** The application's key pair of one type, or null when none has been generated. */
export async function getConsumerKeys({ ctx, input }: Args): Promise<ConsumerKeys | null> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(ApplicationKeysInput, input);
  const application = await ownedApplication(ctx.db, actor, data.applicationId);
  const row = await activeClient(ctx.db, application.id, data.keyType);
  return row ? toConsumerKeys(row) : null;
}

/** Replaces the consumer secret; the old one stops working at once. Tokens already issued stay valid. */
export async function regenerateConsumerSecret({ ctx, input }: Args): Promise<ConsumerKeysWithSecret> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(ApplicationKeysInput, input);
  return ctx.db.transaction(async (tx) => {
    const application = await ownedApplication(tx, actor, data.applicationId);
    const row = await activeClient(tx, application.id, data.keyType);
    if (!row) throw new NotFoundError("consumer keys");
    const { clientSecret, secretPrefix } = await replaceClientSecret(tx, row.id, actor.scopes ?? null);
    await recordAudit(tx, actor, {
      action: "keys.regenerate_secret",
      targetType: "application",
      targetId: application.id,
      details: { keyType: data.keyType, consumerKey: row.clientId },
    });
    return { ...toConsumerKeys(row), secretPrefix, consumerSecret: clientSecret };
  });
}

/**
 * Revokes the key pair: the client can no longer authenticate or refresh, and its access tokens fail
 * introspection and the management API at once (the gateway learns it from `application.changed`).
 */
export async function revokeConsumerKeys({ ctx, input }: Args): Promise<void> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(ApplicationKeysInput, input);
  await ctx.db.transaction(async (tx) => {
    const application = await ownedApplication(tx, actor, data.applicationId);
    const row = await activeClient(tx, application.id, data.keyType);
    if (!row) throw new NotFoundError("consumer keys");
    await tx.update(oauthClients).set({ revokedAt: new Date() }).where(eq(oauthClients.id, row.id));
    await recordAudit(tx, actor, {
      action: "keys.revoke",
      targetType: "application",
      targetId: application.id,
      details: { keyType: data.keyType, consumerKey: row.clientId },
    });
  });
  await announce({ type: "application.changed", applicationId: data.applicationId });
}

/** The unrevoked client of an application and key type (partial unique index). */
export async function activeClient(db: Queryable, applicationId: string, keyType: KeyType) {
  const [row] = await db
    .select()
    .from(oauthClients)
    .where(and(eq(oauthClients.applicationId, applicationId), eq(oauthClients.keyType, keyType), isNull(oauthClients.revokedAt)));
  return row ?? null;
}

function toConsumerKeys(row: typeof oauthClients.$inferSelect): ConsumerKeys {
  return {
    consumerKey: row.clientId,
    keyType: row.keyType,
    grantTypes: row.grantTypes,
    secretPrefix: row.secretPrefix,
    createdAt: row.createdAt,
  };
}

function alreadyGenerated(keyType: KeyType): ConflictError {
  return new ConflictError(`This application already has ${keyType} keys. Regenerate the secret or revoke them first.`);
}
