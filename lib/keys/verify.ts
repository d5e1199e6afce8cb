import "server-only";
import { eq } from "drizzle-orm";
import { errors, type JWTVerifyGetKey } from "jose";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { config } from "@/lib/config";
import { findClient } from "./clients";
import { verifyJwt, type AccessTokenClaims, type JwtVerification } from "./jwt";
import { isRevoked } from "./revocation";
import { verificationKey } from "./signing-keys";

/** Resolves a JWT's `kid` against the published signing keys of `db` (cached per process). */
export function signingKeyResolver(db: Database): JWTVerifyGetKey {
  return async (header) => {
    const key = await verificationKey(db, header.kid);
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
}

/**
 * Verifies an access token on the control plane (revocation, introspection, REST): signature,
 * `typ`, issuer, audience, expiry, then revocation by a primary-key lookup. The gateway checks its
 * snapshot's keys and revoked set instead (lib/gateway/steps/authenticate.ts).
 */
export async function verifyAccessToken(db: Database, token: string): Promise<JwtVerification<AccessTokenClaims>> {
  const result = await verifyJwt("accessToken", token, signingKeyResolver(db), { issuer: config().publicUrl });
  if (!result.valid) return result;
  return (await isRevoked(db, result.claims.jti)) ? { valid: false, reason: "REVOKED" } : result;
}

/**
 * `verifyAccessToken`, the client that obtained the token still holds active keys, and its user is
 * enabled and was not disabled since the token was issued (introspection, REST).
 */
export async function checkAccessToken(db: Database, token: string): Promise<JwtVerification<AccessTokenClaims>> {
  const result = await verifyAccessToken(db, token);
  if (!result.valid) return result;
  if (!(await userCredentialsLive(db, result.claims.sub, result.claims.iat))) return { valid: false, reason: "INACTIVE" };
  return (await findClient(db, result.claims.client_id)) ? result : { valid: false, reason: "INACTIVE" };
}

/** The user is enabled and was not disabled after `issuedAt` (epoch seconds): what the gateway checks too. */
async function userCredentialsLive(db: Database, userId: string, issuedAt: number | undefined): Promise<boolean> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return false;
  const [user] = await db.select({ disabled: users.disabled, tokensValidFrom: users.tokensValidFrom }).from(users).where(eq(users.id, userId));
  if (!user || user.disabled) return false;
  return !user.tokensValidFrom || (issuedAt ?? 0) * 1000 >= user.tokensValidFrom.getTime();
}
