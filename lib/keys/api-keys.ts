import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import type { KeyType } from "@/db/schema/apis";
import { recordAudit } from "@/lib/audit/record";
import { NotFoundError } from "@/lib/errors";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { mintApiKey } from "./mint";
import { ownedApplication } from "./owned-application";
import { announceRevocations, recordRevocations } from "./revocation";
import { CreateApiKeyInput, ListApiKeysInput, RevokeApiKeyInput } from "./schemas";

/** An API key as listed: never the key itself. */
export type ApiKeySummary = {
  id: string;
  keyType: KeyType;
  /** The key's last characters (its signature), enough to tell keys apart. */
  displaySuffix: string;
  createdAt: Date;
  expiresAt: Date | null;
};

export type CreatedApiKey = ApiKeySummary & { apiKey: string };

type Args = { ctx: Ctx; input: unknown };

/**
 * A signed API key for the caller's application (header `apikey` at the gateway). Validity in
 * seconds; absent or negative: no expiry. Only its id and display suffix are stored.
 */
export async function createApiKey({ ctx, input }: Args): Promise<CreatedApiKey> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(CreateApiKeyInput, input);
  const application = await ownedApplication(ctx.db, actor, data.applicationId);
  const minted = await mintApiKey(ctx.db, { application, keyType: data.keyType, validitySeconds: data.validityPeriod ?? -1 });
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiKeys)
      .values({
        jti: minted.jti,
        displaySuffix: apiKeyDisplay(minted.token),
        applicationId: application.id,
        keyType: data.keyType,
        expiresAt: minted.expiresAt,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "api_key.create",
      targetType: "application",
      targetId: application.id,
      details: { keyType: data.keyType, apiKeyId: created.id },
    });
    return created;
  });
  return { ...toSummary(row), apiKey: minted.token };
}

/** The application's unrevoked API keys, newest first. */
export async function listApiKeys({ ctx, input }: Args): Promise<ApiKeySummary[]> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(ListApiKeysInput, input);
  const application = await ownedApplication(ctx.db, actor, data.applicationId);
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.applicationId, application.id),
        isNull(apiKeys.revokedAt),
        data.keyType ? eq(apiKeys.keyType, data.keyType) : undefined,
      ),
    )
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toSummary);
}

/** Revokes an API key: its id joins the revoked ids the gateway checks. */
export async function revokeApiKey({ ctx, input }: Args): Promise<void> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(RevokeApiKeyInput, input);
  const revoked = await ctx.db.transaction(async (tx) => {
    const application = await ownedApplication(tx, actor, data.applicationId);
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(apiKeys.id, data.keyId),
          eq(apiKeys.applicationId, application.id),
          eq(apiKeys.keyType, data.keyType),
          isNull(apiKeys.revokedAt),
        ),
      )
      .returning();
    if (!row) throw new NotFoundError("API key");
    await recordAudit(tx, actor, {
      action: "api_key.revoke",
      targetType: "application",
      targetId: application.id,
      details: { keyType: data.keyType, apiKeyId: row.id },
    });
    return recordRevocations(tx, [{ jti: row.jti, expiresAt: row.expiresAt }]);
  });
  await announceRevocations(revoked);
}

/** A JWT's header is the same for every key; its signature's tail tells keys apart. */
function apiKeyDisplay(token: string): string {
  return `…${token.slice(-8)}`;
}

function toSummary(row: typeof apiKeys.$inferSelect): ApiKeySummary {
  return { id: row.id, keyType: row.keyType, displaySuffix: row.displaySuffix, createdAt: row.createdAt, expiresAt: row.expiresAt };
}
