import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { keyTypeEnum } from "./apis";
import { applications } from "./applications";
import { createdAt, id } from "./columns";
import { users } from "./users";

/**
 * An OAuth2 client. Consumer keys of an application (one PRODUCTION, one SANDBOX) are clients
 * with `applicationId` set; clients registered through RFC 7591 belong to their owner only.
 */
export const oauthClients = pgTable(
  "oauth_clients",
  {
    id: id(),
    clientId: text("client_id").notNull(),
    /** sha256 of the consumer secret; the secret itself is shown once. */
    secretHash: text("secret_hash").notNull(),
    secretPrefix: text("secret_prefix").notNull(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    applicationId: uuid("application_id").references(() => applications.id, { onDelete: "cascade" }),
    keyType: keyTypeEnum("key_type").notNull().default("PRODUCTION"),
    name: text("name").notNull(),
    grantTypes: text("grant_types")
      .array()
      .notNull()
      .default(sql`'{client_credentials,password,refresh_token}'::text[]`),
    redirectUris: text("redirect_uris").array().notNull().default(sql`'{}'::text[]`),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    /**
     * The most management scopes (`apim:*`) a client_credentials token of this client may carry: those
     * of the credential that created the keys or last regenerated the secret. Null: whatever the
     * owner's roles allow (keys made from a portal session or with the owner's password).
     */
    managementScopes: text("management_scopes").array(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("oauth_clients_client_id_key").on(t.clientId),
    uniqueIndex("oauth_clients_application_key_type_key")
      .on(t.applicationId, t.keyType)
      .where(sql`${t.applicationId} is not null and ${t.revokedAt} is null`),
  ],
);

/** Opaque refresh tokens, stored hashed, rotated on use; reuse of a rotated one revokes the family. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: id(),
    tokenHash: text("token_hash").notNull(),
    familyId: uuid("family_id").notNull(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    /** jti of the access token issued beside it, so revoking one can revoke the other. */
    accessTokenJti: text("access_token_jti"),
    /** When that access token expires (null: never), so its revocation is kept exactly that long. */
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_key").on(t.tokenHash),
    index("refresh_tokens_family_idx").on(t.familyId),
    // The purge deletes expired tokens (revoked ones included, once expired) without a table scan.
    index("refresh_tokens_expires_idx").on(t.expiresAt),
  ],
);

/** Revoked JWT ids (access tokens and API keys), kept until the token would have expired. */
export const revokedTokens = pgTable(
  "revoked_tokens",
  {
    jti: text("jti").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: createdAt(),
  },
  (t) => [index("revoked_tokens_expires_idx").on(t.expiresAt)],
);

/**
 * API keys are signed JWTs; only their id (jti) and a display suffix, the key's last characters, are
 * stored. The gateway verifies a key by its signature and refuses it by its revoked jti; nothing
 * compares a presented key with a stored copy, so none is kept.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    jti: text("jti").notNull(),
    displaySuffix: text("display_suffix").notNull(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    keyType: keyTypeEnum("key_type").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_keys_jti_key").on(t.jti), index("api_keys_application_idx").on(t.applicationId)],
);

/** ES256 signing keys. The private key is encrypted with SECRET_KEY; retired keys stay in the JWKS until expiry. */
export const signingKeys = pgTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull().default("ES256"),
  publicJwk: jsonb("public_jwk").$type<Record<string, unknown>>().notNull(),
  privateKeyEncrypted: text("private_key_encrypted").notNull(),
  createdAt: createdAt(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
  /** When a retired key's last token expires; after that it leaves the JWKS. */
  removeAfter: timestamp("remove_after", { withTimezone: true }),
});
