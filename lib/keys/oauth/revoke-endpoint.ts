import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import type { OAuthClient } from "../clients";
import { findRefreshToken, revokeRefreshFamily } from "../refresh-tokens";
import { announceRevocations, recordRevocations } from "../revocation";
import { SECRET_PREFIXES } from "../secrets";
import { verifyAccessToken } from "../verify";
import { OAuthError, oauthEndpoint } from "./errors";
import { parseParams } from "./params";
import { readForm, requireClient } from "./request";

const RevokeParams = z.object({ token: z.string().min(1).max(8192), token_type_hint: z.string().optional() });

/**
 * `POST /oauth2/revoke` (RFC 7009). A refresh token revokes its whole grant (every token of the
 * family and their access tokens); an access token is added to the revoked ids. Unknown, invalid or
 * expired tokens get 200 too (§2.2): the client's goal, an unusable token, already holds.
 */
export const handleRevocationRequest = oauthEndpoint(async (request) => {
  const form = await readForm(request);
  const db = await getDb();
  const client = await requireClient(db, request, form);
  const { token } = parseParams(RevokeParams, form);
  // The hint is only an optimisation (§2.1); the prefix tells the two kinds apart for certain.
  if (token.startsWith(SECRET_PREFIXES.refreshToken)) await revokeRefreshToken(db, client, token);
  else await revokeAccessToken(db, client, token);
  return new Response(null, { status: 200, headers: { "cache-control": "no-store" } });
});

async function revokeRefreshToken(db: Database, client: OAuthClient, token: string): Promise<void> {
  const record = await findRefreshToken(db, token);
  if (!record) return;
  if (record.clientId !== client.id) throw notYours();
  await revokeRefreshFamily(db, record.familyId);
}

async function revokeAccessToken(db: Database, client: OAuthClient, token: string): Promise<void> {
  const result = await verifyAccessToken(db, token);
  if (!result.valid) return;
  if (result.claims.client_id !== client.clientId) throw notYours();
  const { jti, exp } = result.claims;
  const revoked = await db.transaction((tx) =>
    recordRevocations(tx, [{ jti, expiresAt: exp === undefined ? null : new Date(exp * 1000) }]),
  );
  await announceRevocations(revoked);
}

/** §2.1: a client may revoke only the tokens issued to it. */
function notYours(): OAuthError {
  return new OAuthError("unauthorized_client", "This token was issued to another client.");
}
