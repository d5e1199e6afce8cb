import { errors, jwtVerify, SignJWT, type JWTHeaderParameters, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { KEY_TYPES } from "@/db/schema/apis";

/**
 * The JWTs the key manager signs, and their verification. Pure jose + zod (no node:*, no database),
 * so the gateway can verify with its own key source on any runtime, the Edge included.
 */
export const SIGNING_ALGORITHM = "ES256";

/** The `typ` header pins each kind, so an API key is never accepted as an access token or the reverse. */
export const JWT_TYPES = { accessToken: "at+jwt", apiKey: "apikey+jwt" } as const;
export type JwtKind = keyof typeof JWT_TYPES;

/** Every resource server of this deployment (the gateway and the management API) accepts the same audience. */
export const TOKEN_AUDIENCE = "portcullis";

/**
 * `aut`, as in WSO2: APPLICATION for tokens of the application itself (client_credentials, API keys),
 * APPLICATION_USER for tokens issued for a user (password and refresh_token grants). The gateway
 * answers 900905 when a resource's auth type wants the other one.
 */
export const TOKEN_USES = ["APPLICATION", "APPLICATION_USER"] as const;
export type TokenUse = (typeof TOKEN_USES)[number];

const BaseClaims = z.object({
  iss: z.string(),
  sub: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number().optional(),
  key_type: z.enum(KEY_TYPES),
  aut: z.enum(TOKEN_USES),
  /**
   * The deployment's change version when the token was minted (lib/events/change-version.ts): a
   * gateway whose snapshot is older waits for a newer one before refusing it. Absent from older tokens.
   */
  cv: z.number().int().nonnegative().optional(),
});

export const AccessTokenClaims = BaseClaims.extend({
  client_id: z.string().min(1),
  /** Space-separated; absent when the token carries no scope. */
  scope: z.string().optional(),
  application_id: z.string().optional(),
  application_tier: z.string().optional(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaims>;

export const ApiKeyClaims = BaseClaims.extend({
  aut: z.literal("APPLICATION"),
  application_id: z.string(),
  application_tier: z.string(),
});
export type ApiKeyClaims = z.infer<typeof ApiKeyClaims>;

type ClaimsOf<K extends JwtKind> = K extends "accessToken" ? AccessTokenClaims : ApiKeyClaims;
const CLAIM_SCHEMAS = { accessToken: AccessTokenClaims, apiKey: ApiKeyClaims } as const;

export type SigningMaterial = { kid: string; privateKey: CryptoKey };

/** Signs `claims` (without iss/aud/iat, which are set here); `expiresAt` null leaves out `exp`. */
export async function signJwt(
  kind: JwtKind,
  key: SigningMaterial,
  claims: JWTPayload & { sub: string; jti: string },
  options: { issuer: string; issuedAt: Date; expiresAt: Date | null },
): Promise<string> {
  const header: JWTHeaderParameters = { alg: SIGNING_ALGORITHM, kid: key.kid, typ: JWT_TYPES[kind] };
  const jwt = new SignJWT(claims)
    .setProtectedHeader(header)
    .setIssuer(options.issuer)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(epochSeconds(options.issuedAt));
  if (options.expiresAt) jwt.setExpirationTime(epochSeconds(options.expiresAt));
  return jwt.sign(key.privateKey);
}

export type InvalidTokenReason =
  | "MALFORMED"
  | "UNKNOWN_KEY"
  | "BAD_SIGNATURE"
  | "EXPIRED"
  | "WRONG_CLAIMS"
  | "REVOKED"
  | "INACTIVE";

export type JwtVerification<C> = { valid: true; claims: C } | { valid: false; reason: InvalidTokenReason };

/** Checks signature, `typ`, issuer, audience and expiry; never throws for a bad token. */
export async function verifyJwt<K extends JwtKind>(
  kind: K,
  token: string,
  getKey: JWTVerifyGetKey,
  options: { issuer: string },
): Promise<JwtVerification<ClaimsOf<K>>> {
  try {
    const { payload } = await jwtVerify(token, getKey, {
      algorithms: [SIGNING_ALGORITHM],
      typ: JWT_TYPES[kind],
      issuer: options.issuer,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ["sub", "jti", "iat"],
      clockTolerance: 30,
    });
    const claims = CLAIM_SCHEMAS[kind].safeParse(payload);
    if (!claims.success) return { valid: false, reason: "WRONG_CLAIMS" };
    return { valid: true, claims: claims.data as ClaimsOf<K> };
  } catch (error) {
    return { valid: false, reason: reasonFor(error) };
  }
}

function reasonFor(error: unknown): InvalidTokenReason {
  if (error instanceof errors.JWTExpired) return "EXPIRED";
  if (error instanceof errors.JWTClaimValidationFailed) return "WRONG_CLAIMS";
  if (error instanceof errors.JWKSNoMatchingKey) return "UNKNOWN_KEY";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "BAD_SIGNATURE";
  if (error instanceof errors.JOSEError) return "MALFORMED";
  throw error;
}

export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** A token's space-separated `scope` claim as a list. */
export function scopesOf(claims: { scope?: string }): string[] {
  return claims.scope ? claims.scope.split(" ").filter(Boolean) : [];
}
