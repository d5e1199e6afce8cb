import "server-only";
import { getDb } from "@/db";
import { MANAGEMENT_SCOPES } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { CLIENT_AUTH_METHODS } from "../client-registration";
import { GRANT_TYPES } from "../schemas";
import { activeSigningKey, publishedKeys } from "../signing-keys";
import { oauthEndpoint } from "./errors";

/** Verifiers re-fetch on an unknown `kid`, and rotation publishes new keys this long before use. */
const JWKS_MAX_AGE_SECONDS = 300;

/** `GET /oauth2/jwks` (RFC 7517): the public keys that verify our tokens and API keys. */
export const handleJwksRequest = oauthEndpoint(async () => {
  const db = await getDb();
  await activeSigningKey(db);
  const keys = await publishedKeys(db);
  return new Response(JSON.stringify({ keys }), {
    headers: { "content-type": "application/jwk-set+json", "cache-control": `public, max-age=${JWKS_MAX_AGE_SECONDS}` },
  });
});

/** The authorization server's metadata document (RFC 8414 §2). */
export function authorizationServerMetadata() {
  const issuer = config().publicUrl;
  return {
    issuer,
    token_endpoint: `${issuer}/oauth2/token`,
    jwks_uri: `${issuer}/oauth2/jwks`,
    registration_endpoint: `${issuer}/oauth2/register`,
    revocation_endpoint: `${issuer}/oauth2/revoke`,
    introspection_endpoint: `${issuer}/oauth2/introspect`,
    scopes_supported: Object.keys(MANAGEMENT_SCOPES),
    // No authorization endpoint: none of the supported grants goes through the browser.
    response_types_supported: [],
    grant_types_supported: [...GRANT_TYPES],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    service_documentation: `${issuer}/devportal`,
  };
}

/** `GET /.well-known/oauth-authorization-server` (RFC 8414 §3). */
export const handleMetadataRequest = oauthEndpoint(async () =>
  Response.json(authorizationServerMetadata(), { headers: { "cache-control": "public, max-age=3600" } }),
);
