import "server-only";
import { z } from "zod";
import { getDb } from "@/db";
import type { Database } from "@/db/client";
import { loadActor } from "@/lib/users/authenticate";
import type { OAuthClient } from "../clients";
import { epochSeconds } from "../jwt";
import { familyRevoked, findRefreshToken, refreshTokenState } from "../refresh-tokens";
import { SECRET_PREFIXES } from "../secrets";
import { checkAccessToken } from "../verify";
import { oauthEndpoint, oauthJson } from "./errors";
import { parseParams } from "./params";
import { readForm, requireClient } from "./request";

const IntrospectParams = z.object({ token: z.string().min(1).max(8192), token_type_hint: z.string().optional() });

const INACTIVE = { active: false } as const;

/**
 * `POST /oauth2/introspect` (RFC 7662) for authenticated clients. Any client may introspect an
 * access token (resource servers need to); a refresh token only by the client it was issued to.
 * Whatever is wrong with a token, the answer is just `{"active": false}` (§2.2).
 */
export const handleIntrospectionRequest = oauthEndpoint(async (request) => {
  const form = await readForm(request);
  const db = await getDb();
  const client = await requireClient(db, request, form);
  const { token } = parseParams(IntrospectParams, form);
  const body = token.startsWith(SECRET_PREFIXES.refreshToken)
    ? await introspectRefreshToken(db, client, token)
    : await introspectAccessToken(db, client, token);
  return oauthJson(body);
});

async function introspectAccessToken(db: Database, client: OAuthClient, token: string) {
  const result = await checkAccessToken(db, token);
  if (!result.valid) return INACTIVE;
  const user = await loadActor(db, result.claims.sub);
  if (!user) return INACTIVE;
  return {
    active: true,
    token_type: "Bearer",
    ...result.claims,
    // The user's email only to the client the token was issued to; the claims themselves are readable in the JWT.
    ...(result.claims.client_id === client.clientId ? { username: user.email } : {}),
  };
}

async function introspectRefreshToken(db: Database, client: OAuthClient, token: string) {
  const record = await findRefreshToken(db, token);
  if (!record || record.clientId !== client.id || refreshTokenState(record) !== "ACTIVE") return INACTIVE;
  if (await familyRevoked(db, record.familyId)) return INACTIVE;
  const user = await loadActor(db, record.userId);
  if (!user) return INACTIVE;
  return {
    active: true,
    token_type: "refresh_token",
    client_id: client.clientId,
    sub: user.id,
    username: user.email,
    scope: record.scopes.join(" "),
    iat: epochSeconds(record.createdAt),
    ...(record.expiresAt ? { exp: epochSeconds(record.expiresAt) } : {}),
  };
}
