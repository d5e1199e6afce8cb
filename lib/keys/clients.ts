import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Queryable, Tx } from "@/db/client";
import { applications, oauthClients } from "@/db/schema";
import type { KeyType } from "@/db/schema/apis";
import { generateConsumerKey, generateSecret, hashSecret, secretDisplayPrefix, secretMatches } from "./secrets";
import type { GrantType } from "./schemas";

/** An active OAuth client, with the application it holds keys for (none for RFC 7591 clients). */
export type OAuthClient = {
  id: string;
  clientId: string;
  ownerId: string;
  keyType: KeyType;
  grantTypes: string[];
  metadata: Record<string, unknown>;
  /** Bound on the management scopes of its client_credentials tokens; null: the owner's roles. */
  managementScopes: string[] | null;
  application: { id: string; name: string; throttlingTier: string; tokenValiditySeconds: number } | null;
};

/** Compared against when the client id is unknown, so both paths do the same work. */
const DUMMY_HASH = hashSecret("pcs_dummy-secret-for-unknown-clients");

/** Finds an active client by its public id (unique index). */
export async function findClient(db: Queryable, clientId: string): Promise<OAuthClient | null> {
  return (await loadClient(db, clientId))?.client ?? null;
}

/** Checks a client's secret in constant time; null for an unknown or revoked client or a wrong secret. */
export async function authenticateClient(db: Queryable, clientId: string, secret: string): Promise<OAuthClient | null> {
  const found = await loadClient(db, clientId);
  const ok = secretMatches(secret, found?.secretHash ?? DUMMY_HASH);
  return found && ok ? found.client : null;
}

async function loadClient(db: Queryable, clientId: string): Promise<{ client: OAuthClient; secretHash: string } | null> {
  const [row] = await db
    .select({
      id: oauthClients.id,
      clientId: oauthClients.clientId,
      ownerId: oauthClients.ownerId,
      keyType: oauthClients.keyType,
      grantTypes: oauthClients.grantTypes,
      metadata: oauthClients.metadata,
      managementScopes: oauthClients.managementScopes,
      secretHash: oauthClients.secretHash,
      application: {
        id: applications.id,
        name: applications.name,
        throttlingTier: applications.throttlingTier,
        tokenValiditySeconds: applications.tokenValiditySeconds,
      },
    })
    .from(oauthClients)
    .leftJoin(applications, eq(applications.id, oauthClients.applicationId))
    .where(and(eq(oauthClients.clientId, clientId), isNull(oauthClients.revokedAt)));
  if (!row) return null;
  const { secretHash, ...client } = row;
  return { client, secretHash };
}

export type NewClient = {
  ownerId: string;
  applicationId: string | null;
  keyType: KeyType;
  name: string;
  grantTypes: readonly GrantType[];
  redirectUris?: string[];
  metadata?: Record<string, unknown>;
  /** See `oauthClients.managementScopes`; omitted: the owner's roles. */
  managementScopes?: readonly string[] | null;
};

/** Creates a client; the secret is returned here once and only its hash is stored. */
export async function insertClient(tx: Tx, client: NewClient) {
  const clientSecret = generateSecret("consumerSecret");
  const [row] = await tx
    .insert(oauthClients)
    .values({
      clientId: generateConsumerKey(),
      secretHash: hashSecret(clientSecret),
      secretPrefix: secretDisplayPrefix(clientSecret),
      ownerId: client.ownerId,
      applicationId: client.applicationId,
      keyType: client.keyType,
      name: client.name,
      grantTypes: [...client.grantTypes],
      redirectUris: client.redirectUris ?? [],
      metadata: client.metadata ?? {},
      managementScopes: client.managementScopes ? [...client.managementScopes] : null,
    })
    .returning();
  return { row, clientSecret };
}

/**
 * Replaces a client's secret; returns the new one (shown once). `managementScopes` is the new bound of
 * the client's client_credentials tokens: whoever holds the new secret holds no more than the
 * credential that asked for it.
 */
export async function replaceClientSecret(
  tx: Tx,
  id: string,
  managementScopes: readonly string[] | null,
): Promise<{ clientSecret: string; secretPrefix: string }> {
  const clientSecret = generateSecret("consumerSecret");
  const secretPrefix = secretDisplayPrefix(clientSecret);
  await tx
    .update(oauthClients)
    .set({ secretHash: hashSecret(clientSecret), secretPrefix, managementScopes: managementScopes ? [...managementScopes] : null })
    .where(eq(oauthClients.id, id));
  return { clientSecret, secretPrefix };
}
