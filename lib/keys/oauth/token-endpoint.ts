import "server-only";
import { getDb } from "@/db";
import { GRANT_TYPES, type GrantType } from "../schemas";
import { OAuthError, oauthEndpoint } from "./errors";
import { clientCredentialsGrant, passwordGrant, refreshTokenGrant, type GrantRequest } from "./grants";
import { readForm, requireClient } from "./request";

const GRANTS = {
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
} as const satisfies Record<GrantType, (request: GrantRequest) => Promise<Response>>;

function isGrantType(value: string): value is GrantType {
  return (GRANT_TYPES as readonly string[]).includes(value);
}

/** `POST /oauth2/token` (RFC 6749 §3.2): authenticate the client, then run the grant it asked for. */
export const handleTokenRequest = oauthEndpoint(async (request) => {
  const form = await readForm(request);
  const db = await getDb();
  const client = await requireClient(db, request, form);
  const grantType = form.grant_type;
  if (!grantType) throw new OAuthError("invalid_request", "The parameter grant_type is required.");
  if (!isGrantType(grantType)) {
    throw new OAuthError("unsupported_grant_type", `This server supports the grants ${GRANT_TYPES.join(", ")}.`);
  }
  if (!client.grantTypes.includes(grantType)) {
    throw new OAuthError("unauthorized_client", `This client may not use the ${grantType} grant.`);
  }
  return GRANTS[grantType]({ db, client, form, request });
});
