import { eq } from "drizzle-orm";
import { errors, type JWTVerifyGetKey } from "jose";
import type { Database } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { config } from "@/lib/config";
import { findClient } from "./clients";
import { verifyJwt, type AccessTokenClaims, type ApiKeyClaims, type JwtVerification } from "./jwt";
import { isRevoked } from "./revocation";
import { secretMatches } from "./secrets";
import { verificationKey } from "./signing-keys";

export type RevocationCheck = (jti: string) => boolean | Promise<boolean>;

/** Resolves a JWT's `kid` against the published signing keys of `db` (cached per process). */
export function signingKeyResolver(db: Database): JWTVerifyGetKey {
  return async (header) => {
    const key = await verificationKey(db, header.kid);
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
}

/**
 * Verifies an access token locally: signature, `typ`, issuer, audience, expiry, then revocation
 * (by default a primary-key lookup; the gateway passes its in-memory revoked set instead).
 */
export async function verifyAccessToken(
  db: Database,
  token: string,
  options: { isRevoked?: RevocationCheck } = {},
): Promise<JwtVerification<AccessTokenClaims>> {
  const result = await verifyJwt("accessToken", token, signingKeyResolver(db), { issuer: config().publicUrl });
  if (!result.valid) return result;
  const revoked = options.isRevoked ? await options.isRevoked(result.claims.jti) : await isRevoked(db, result.claims.jti);
  return revoked ? { valid: false, reason: "REVOKED" } : result;
}

/** `verifyAccessToken`, and the client that obtained the token still holds active keys (introspection, REST). */
export async function checkAccessToken(db: Database, token: string): Promise<JwtVerification<AccessTokenClaims>> {
  const result = await verifyAccessToken(db, token);
  if (!result.valid) return result;
  return (await findClient(db, result.claims.client_id)) ? result : { valid: false, reason: "INACTIVE" };
}

/** Verifies an API key: signature and claims, then its record (by jti): same hash, not revoked. */
export async function verifyApiKey(
  db: Database,
  key: string,
  options: { isRevoked?: RevocationCheck } = {},
): Promise<JwtVerification<ApiKeyClaims>> {
  const result = await verifyJwt("apiKey", key, signingKeyResolver(db), { issuer: config().publicUrl });
  if (!result.valid) return result;
  if (options.isRevoked) {
    return (await options.isRevoked(result.claims.jti)) ? { valid: false, reason: "REVOKED" } : result;
  }
  const [record] = await db
    .select({ tokenHash: apiKeys.tokenHash, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.jti, result.claims.jti));
  if (!record || !secretMatches(key, record.tokenHash)) return { valid: false, reason: "INACTIVE" };
  return record.revokedAt ? { valid: false, reason: "REVOKED" } : result;
}
