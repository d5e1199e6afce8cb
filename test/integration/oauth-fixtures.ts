import * as oauth from "oauth4webapi";
import type { Database } from "@/db/client";
import { applications } from "@/db/schema";
import { config } from "@/lib/config";
import { handleJwksRequest, handleMetadataRequest } from "@/lib/keys/oauth/discovery-endpoints";
import { handleIntrospectionRequest } from "@/lib/keys/oauth/introspect-endpoint";
import { handleRegistrationRequest } from "@/lib/keys/oauth/register-endpoint";
import { handleRevocationRequest } from "@/lib/keys/oauth/revoke-endpoint";
import { handleTokenRequest } from "@/lib/keys/oauth/token-endpoint";
import * as oauthTokenRoute from "@/app/oauth2/token/route";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import type { Actor } from "@/lib/services/context";
import { ctxFor, TEST_PASSWORD, uniqueSuffix } from "@/test/harness/factories";

/** The OAuth endpoints by path, as the route files mount them. */
const ROUTES: Record<string, (request: Request) => Promise<Response>> = {
  "/.well-known/oauth-authorization-server": handleMetadataRequest,
  "/oauth2/token": handleTokenRequest,
  "/oauth2/revoke": handleRevocationRequest,
  "/oauth2/introspect": handleIntrospectionRequest,
  "/oauth2/jwks": handleJwksRequest,
  "/oauth2/register": handleRegistrationRequest,
};

/** A fetch that hands oauth4webapi's requests straight to our handlers, from a per-suite client address. */
export function inProcessFetch(address = `192.0.2.${Math.floor(Math.random() * 250) + 1}`) {
  return async (url: string, init: RequestInit = {}): Promise<Response> => {
    const target = new URL(url);
    const handler = ROUTES[target.pathname];
    if (!handler || target.origin !== config().publicUrl) return new Response("not found", { status: 404 });
    const headers = new Headers(init.headers);
    headers.set("x-forwarded-for", address);
    return handler(new Request(target, { ...init, headers }));
  };
}

/** oauth4webapi refuses an Authorization header in its options; the owner's Basic credentials go in at the HTTP layer. */
export function withAuthorization(authorization: string, fetchImpl = inProcessFetch()) {
  return (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", authorization);
    return fetchImpl(url, { ...init, headers });
  };
}

export type TestClient = { client: oauth.Client; auth: oauth.ClientAuth };

/** oauth4webapi options: in-process transport, plain http issuer allowed. */
export function clientOptions(fetchImpl = inProcessFetch()) {
  return { [oauth.customFetch]: fetchImpl, [oauth.allowInsecureRequests]: true } as const;
}

/** Discovers the authorization server through its RFC 8414 metadata, as any client would. */
export async function discover(fetchImpl = inProcessFetch()): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config().publicUrl);
  const response = await oauth.discoveryRequest(issuer, { ...clientOptions(fetchImpl), algorithm: "oauth2" });
  return oauth.processDiscoveryResponse(issuer, response);
}

export function basicAuth(clientId: string, secret: string): TestClient {
  return { client: { client_id: clientId }, auth: oauth.ClientSecretBasic(secret) };
}

export function postAuth(clientId: string, secret: string): TestClient {
  return { client: { client_id: clientId }, auth: oauth.ClientSecretPost(secret) };
}

/** An application owned by `ownerId`, with overrides. */
export async function createApplication(
  db: Database,
  ownerId: string,
  overrides: Partial<{ name: string; throttlingTier: string; tokenValiditySeconds: number }> = {},
) {
  const [row] = await db
    .insert(applications)
    .values({ ownerId, name: overrides.name ?? `App ${uniqueSuffix()}`, ...overrides })
    .returning();
  return row;
}

/** A raw form POST to one of the endpoints, for the cases a conforming client never produces. */
export async function postForm(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return inProcessFetch()(`${config().publicUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/** A user's management token carrying `scope`: the password grant through the mounted /oauth2/token route. */
export async function managementToken(db: Database, user: Actor, scope: string): Promise<string> {
  const app = await createApplication(db, user.id);
  const keys = await generateConsumerKeys({ ctx: ctxFor(db, user), input: { applicationId: app.id, keyType: "PRODUCTION" } });
  const response = await oauthTokenRoute.POST(
    new Request("http://localhost:3000/oauth2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicHeader(keys.consumerKey, keys.consumerSecret) },
      body: new URLSearchParams({ grant_type: "password", username: user.email, password: TEST_PASSWORD, scope }).toString(),
    }),
  );
  if (response.status !== 200) throw new Error(`the password grant answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
