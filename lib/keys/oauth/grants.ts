import "server-only";
import { z } from "zod";
import { rolesAllow, type Role } from "@/lib/auth/roles";
import type { Database } from "@/db/client";
import { guardSignIn } from "@/lib/auth/sign-in-throttle";
import { authenticateUser, loadActor } from "@/lib/users/authenticate";
import type { OAuthClient } from "../clients";
import { mintAccessToken, tokenValidity } from "../mint";
import { familyRevoked, findRefreshToken, markRotated, refreshTokenState, revokeRefreshFamily, storeRefreshToken } from "../refresh-tokens";
import { grantableScopes } from "../scopes";
import { neverExpiringRefused, NO_EXPIRY_FOR_ADMINS_ONLY } from "../validity";
import { OAuthError } from "./errors";
import { parseParams, requestedScopes, ValidityParam } from "./params";
import { clientAddress } from "./request";
import { tokenResponse } from "./token-response";

export type GrantRequest = { db: Database; client: OAuthClient; form: Record<string, string>; request: Request };

const ClientCredentialsParams = z.object({ scope: z.string().optional(), validity_period: ValidityParam.optional() });

/** RFC 6749 §4.4: a token for the application itself, acting as the client's owner. No refresh token (§4.4.3). */
export async function clientCredentialsGrant({ db, client, form }: GrantRequest): Promise<Response> {
  const params = parseParams(ClientCredentialsParams, form);
  const owner = await loadActor(db, client.ownerId);
  if (!owner) throw OAuthError.invalidClient("The client's owner is disabled.", false);
  // Keys made through a narrow token give no more management scopes than that token held.
  const grantor = { roles: owner.roles, scopes: client.managementScopes };
  const scopes = await grantableScopes(db, grantor, limitToClient(client, requestedScopes(params.scope)));
  const access = await mintAccessToken(db, {
    client,
    userId: owner.id,
    scopes,
    use: "APPLICATION",
    validitySeconds: tokenValidity(client, noExpiryForAdmins(params.validity_period, owner)),
  });
  return tokenResponse({ access, scopes });
}

const PasswordParams = z.object({
  username: z.string().min(1).max(254),
  password: z.string().min(1).max(200),
  scope: z.string().optional(),
  validity_period: ValidityParam.optional(),
});

/** RFC 6749 §4.3: a token for a user who gave their email and password to a trusted client. */
export async function passwordGrant({ db, client, form, request }: GrantRequest): Promise<Response> {
  const params = parseParams(PasswordParams, form);
  // The same brute-force budget as the portal's sign-in form: this endpoint must not be a way around it.
  const outcome = await guardSignIn(params.username, clientAddress(request), () =>
    authenticateUser(db, { email: params.username, password: params.password }),
  );
  if (outcome.throttled) {
    throw new OAuthError("invalid_grant", `Too many sign-in attempts. Try again in ${outcome.wait} seconds.`, 400, { "retry-after": String(outcome.wait) });
  }
  const user = outcome.value;
  if (!user) throw new OAuthError("invalid_grant", "The username or password is wrong.");
  const scopes = await grantableScopes(db, user, limitToClient(client, requestedScopes(params.scope)));
  const access = await mintAccessToken(db, {
    client,
    userId: user.id,
    scopes,
    use: "APPLICATION_USER",
    validitySeconds: tokenValidity(client, noExpiryForAdmins(params.validity_period, user)),
  });
  const refresh = await db.transaction((tx) =>
    storeRefreshToken(tx, { clientRowId: client.id, userId: user.id, scopes, access }),
  );
  return tokenResponse({ access, scopes, refreshToken: refresh.token });
}

const RefreshParams = z.object({
  refresh_token: z.string().min(1).max(200),
  scope: z.string().optional(),
  validity_period: ValidityParam.optional(),
});

const INVALID_REFRESH = "The refresh token is invalid, expired or revoked.";

/** RFC 6749 §6 with rotation: the presented token is spent; reusing a spent one revokes the whole grant. */
export async function refreshTokenGrant({ db, client, form }: GrantRequest): Promise<Response> {
  const params = parseParams(RefreshParams, form);
  const record = await findRefreshToken(db, params.refresh_token);
  if (!record || record.clientId !== client.id) throw new OAuthError("invalid_grant", INVALID_REFRESH);
  const state = refreshTokenState(record);
  if (state === "ROTATED") {
    await revokeRefreshFamily(db, record.familyId);
    throw new OAuthError("invalid_grant", "The refresh token was already used; every token of this grant is now revoked.");
  }
  if (state !== "ACTIVE" || (await familyRevoked(db, record.familyId))) throw new OAuthError("invalid_grant", INVALID_REFRESH);
  const user = await loadActor(db, record.userId);
  if (!user) throw new OAuthError("invalid_grant", INVALID_REFRESH);

  const asked = requestedScopes(params.scope);
  if (asked.some((scope) => !record.scopes.includes(scope))) {
    throw new OAuthError("invalid_scope", "A refresh can only narrow the scopes of the original grant.");
  }
  // Roles may have shrunk since the grant: the new access token carries only what they still allow.
  const scopes = await grantableScopes(db, user, asked.length ? asked : record.scopes);
  const access = await mintAccessToken(db, {
    client,
    userId: user.id,
    scopes,
    use: "APPLICATION_USER",
    validitySeconds: tokenValidity(client, noExpiryForAdmins(params.validity_period, user)),
  });
  const rotated = await db.transaction(async (tx) => {
    if (!(await markRotated(tx, record.id))) return null;
    // RFC 6749 §6: the new refresh token keeps the original grant's scope.
    return storeRefreshToken(tx, { clientRowId: client.id, userId: user.id, scopes: record.scopes, familyId: record.familyId, access });
  });
  if (!rotated) {
    await revokeRefreshFamily(db, record.familyId);
    throw new OAuthError("invalid_grant", "The refresh token was already used; every token of this grant is now revoked.");
  }
  return tokenResponse({ access, scopes, refreshToken: rotated.token });
}

/** `validity_period`, unless it asks for no expiry on behalf of someone who is not an administrator. */
function noExpiryForAdmins(validity: number | undefined, user: { roles: readonly Role[] }): number | undefined {
  if (neverExpiringRefused(validity, rolesAllow(user.roles, "admin:manage"))) throw new OAuthError("invalid_request", NO_EXPIRY_FOR_ADMINS_ONLY);
  return validity;
}

/** A client registered with a `scope` (RFC 7591) may ask for those scopes only. */
function limitToClient(client: OAuthClient, requested: string[]): string[] {
  const registered = client.metadata.scope;
  if (typeof registered !== "string") return requested;
  const allowed = new Set(registered.split(" "));
  return requested.filter((scope) => allowed.has(scope));
}
