import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Database, Queryable, Tx } from "@/db/client";
import { refreshTokens } from "@/db/schema";
import type { MintedToken } from "./mint";
import { announceRevocations, recordRevocations, type RevokedJti } from "./revocation";
import { generateSecret, hashSecret, SECRET_PREFIXES } from "./secrets";
import { REFRESH_TOKEN_VALIDITY_SECONDS } from "./validity";

/**
 * Opaque refresh tokens (`pcr_…`), stored as sha256. Each use rotates the token within its family;
 * presenting a rotated one again means it leaked, so the whole family and its access tokens are revoked.
 */
export type RefreshTokenRecord = typeof refreshTokens.$inferSelect;

export type NewRefreshToken = {
  clientRowId: string;
  userId: string;
  scopes: readonly string[];
  /** The family of the token being rotated; omitted for a new grant. */
  familyId?: string;
  /** The access token issued beside it. */
  access: MintedToken;
};

export async function storeRefreshToken(tx: Tx, input: NewRefreshToken): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSecret("refreshToken");
  const expiresAt = new Date(Date.now() + REFRESH_TOKEN_VALIDITY_SECONDS * 1000);
  await tx.insert(refreshTokens).values({
    tokenHash: hashSecret(token),
    familyId: input.familyId ?? randomUUID(),
    clientId: input.clientRowId,
    userId: input.userId,
    scopes: [...input.scopes],
    accessTokenJti: input.access.jti,
    accessTokenExpiresAt: input.access.expiresAt,
    expiresAt,
  });
  return { token, expiresAt };
}

/** The stored record for a presented token (unique index on the hash), whatever its state. */
export async function findRefreshToken(db: Queryable, presented: string): Promise<RefreshTokenRecord | null> {
  if (!presented.startsWith(SECRET_PREFIXES.refreshToken)) return null;
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashSecret(presented)));
  return row ?? null;
}

export type RefreshTokenState = "ACTIVE" | "ROTATED" | "REVOKED" | "EXPIRED";

export function refreshTokenState(record: RefreshTokenRecord, now = new Date()): RefreshTokenState {
  if (record.revokedAt) return "REVOKED";
  if (record.rotatedAt) return "ROTATED";
  if (record.expiresAt && record.expiresAt <= now) return "EXPIRED";
  return "ACTIVE";
}

/** Marks a token used. False when another request used it first (then it counts as reuse). */
export async function markRotated(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx
    .update(refreshTokens)
    .set({ rotatedAt: new Date() })
    .where(and(eq(refreshTokens.id, id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  return rows.length === 1;
}

/** Revokes every token of a family and the access tokens issued with them; announces the revoked ids. */
export async function revokeRefreshFamily(db: Database, familyId: string): Promise<RevokedJti[]> {
  const revoked = await db.transaction(async (tx) => {
    const rows = await tx
      .update(refreshTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
      .returning({ jti: refreshTokens.accessTokenJti, expiresAt: refreshTokens.accessTokenExpiresAt });
    return recordRevocations(
      tx,
      rows.flatMap((row) => (row.jti ? [{ jti: row.jti, expiresAt: row.expiresAt }] : [])),
    );
  });
  await announceRevocations(revoked);
  return revoked;
}

/** Whether a family has been revoked (family index). */
export async function familyRevoked(db: Queryable, familyId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: refreshTokens.id })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.familyId, familyId), isNotNull(refreshTokens.revokedAt)))
    .limit(1);
  return row !== undefined;
}
