import "server-only";
import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import type { KeyType } from "@/db/schema/apis";
import { config } from "@/lib/config";
import { readChangeVersion } from "@/lib/events/change-version";
import type { OAuthClient } from "./clients";
import { signJwt, type TokenUse } from "./jwt";
import { activeSigningKey, recordSigning } from "./signing-keys";
import { DEFAULT_TOKEN_VALIDITY_SECONDS, expiryFor } from "./validity";

export type MintedToken = { token: string; jti: string; issuedAt: Date; expiresAt: Date | null };

export type AccessTokenGrant = {
  client: OAuthClient;
  /** The user the token acts for: the resource owner, or the client's owner for application tokens. */
  userId: string;
  scopes: readonly string[];
  use: TokenUse;
  validitySeconds: number;
};

/** The validity a token gets: the request's, else the application's, else the default. */
export function tokenValidity(client: OAuthClient, requested: number | undefined): number {
  return requested ?? client.application?.tokenValiditySeconds ?? DEFAULT_TOKEN_VALIDITY_SECONDS;
}

/**
 * Signs an access token (RFC 9068 claims plus the gateway's). Touches the database (signing key,
 * watermark), so call it before opening a transaction, never inside one.
 */
export async function mintAccessToken(db: Database, grant: AccessTokenGrant): Promise<MintedToken> {
  const { client } = grant;
  return mint(db, "accessToken", grant.validitySeconds, (jti) => ({
    sub: grant.userId,
    jti,
    client_id: client.clientId,
    ...(grant.scopes.length ? { scope: grant.scopes.join(" ") } : {}),
    key_type: client.keyType,
    aut: grant.use,
    ...(client.application ? { application_id: client.application.id, application_tier: client.application.throttlingTier } : {}),
  }));
}

export type ApiKeyGrant = {
  application: { id: string; ownerId: string; throttlingTier: string };
  keyType: KeyType;
  validitySeconds: number;
};

/** Signs an API key: a JWT for the application itself, sent in the `apikey` header. */
export async function mintApiKey(db: Database, grant: ApiKeyGrant): Promise<MintedToken> {
  return mint(db, "apiKey", grant.validitySeconds, (jti) => ({
    sub: grant.application.ownerId,
    jti,
    key_type: grant.keyType,
    aut: "APPLICATION",
    application_id: grant.application.id,
    application_tier: grant.application.throttlingTier,
  }));
}

async function mint(
  db: Database,
  kind: "accessToken" | "apiKey",
  validitySeconds: number,
  claims: (jti: string) => { sub: string; jti: string; [claim: string]: unknown },
): Promise<MintedToken> {
  // Read after the writes the token depends on (its keys, its application) committed: at least their version.
  const [key, cv] = await Promise.all([activeSigningKey(db), readChangeVersion(db)]);
  const jti = randomUUID();
  const issuedAt = new Date();
  const expiresAt = expiryFor(issuedAt, validitySeconds);
  await recordSigning(db, key, expiresAt);
  const token = await signJwt(kind, key, { ...claims(jti), cv }, { issuer: config().publicUrl, issuedAt, expiresAt });
  return { token, jti, issuedAt, expiresAt };
}
