import "server-only";
import { and, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { refreshTokens, revokedTokens, signingKeys } from "@/db/schema";
import { forget } from "./signing-keys";

export type PurgeResult = { revokedTokens: number; refreshTokens: number; signingKeys: number };

/**
 * Deletes what can no longer matter, each through an index: revoked ids of tokens that have expired
 * anyway; expired refresh tokens (rotated and revoked ones are kept until then, so reuse and revoked
 * families are still recognised, and every refresh token expires); retired signing keys whose last
 * token has expired. The process entry runs it periodically.
 */
export async function purgeExpiredTokens(db: Database, now = new Date()): Promise<PurgeResult> {
  const result = await db.transaction(async (tx) => {
    const revoked = await tx.delete(revokedTokens).where(lt(revokedTokens.expiresAt, now)).returning({ jti: revokedTokens.jti });
    const refresh = await tx.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now)).returning({ id: refreshTokens.id });
    const keys = await tx
      .delete(signingKeys)
      .where(and(lt(signingKeys.retiredAt, now), lt(signingKeys.removeAfter, now)))
      .returning({ kid: signingKeys.kid });
    return { revokedTokens: revoked.length, refreshTokens: refresh.length, signingKeys: keys.length };
  });
  if (result.signingKeys > 0) forget(db);
  return result;
}
