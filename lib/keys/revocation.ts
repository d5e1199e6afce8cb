import "server-only";
import type { Queryable, Tx } from "@/db/client";
import { eq } from "drizzle-orm";
import { revokedTokens } from "@/db/schema";
import { announce } from "@/lib/events/bus";
import { epochSeconds } from "./jwt";

/** A revoked JWT id and when the token would have expired (null: never). */
export type RevokedJti = { jti: string; expiresAt: Date | null };

/**
 * Records revoked ids in the caller's transaction, skipping tokens that have already expired.
 * Returns what was recorded; announce it with `announceRevocations` once the transaction commits.
 */
export async function recordRevocations(tx: Tx, entries: readonly RevokedJti[], now = new Date()): Promise<RevokedJti[]> {
  const live = entries.filter((entry) => entry.expiresAt === null || entry.expiresAt > now);
  if (live.length === 0) return [];
  await tx
    .insert(revokedTokens)
    .values(live.map((entry) => ({ jti: entry.jti, expiresAt: entry.expiresAt })))
    .onConflictDoNothing({ target: revokedTokens.jti });
  return live;
}

/** Tells the gateways (through the control-plane bus) which ids are revoked. */
export async function announceRevocations(entries: readonly RevokedJti[]): Promise<void> {
  await announce(...entries.map((entry) => ({ type: "token.revoked" as const, jti: entry.jti, expiresAt: entry.expiresAt ? epochSeconds(entry.expiresAt) : null })));
}

/** Whether a JWT id has been revoked (primary-key lookup). */
export async function isRevoked(db: Queryable, jti: string): Promise<boolean> {
  const [row] = await db.select({ jti: revokedTokens.jti }).from(revokedTokens).where(eq(revokedTokens.jti, jti));
  return row !== undefined;
}
