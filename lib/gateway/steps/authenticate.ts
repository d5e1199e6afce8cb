import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import { scopesOf, verifyJwt, type JwtKind } from "@/lib/keys/jwt";
import { gatewayError } from "../errors";
import { credentialVersion, refusedOnSnapshot, type Caller, type GatewayContext, type GatewayDeps, type GatewayReply, type HeaderReader, type Step } from "../context";
import type { GatewaySnapshot } from "../snapshot/types";
import { TokenCache } from "../token-cache";
import { UnknownKids } from "./unknown-kids";

type Verified = Caller & { expiresAtMs: number | null };

const ANONYMOUS: Caller = { jti: null, subject: null, applicationId: null, keyType: null, scopes: [], tokenUse: null, claims: null };

/**
 * Bearer access token or `apikey`, verified locally against the key manager's published keys (no
 * network call); revocation from the snapshot. Prototypes and None-auth resources need neither.
 */
export function createAuthenticate(): Step {
  // One cache per kind: an API key presented as a Bearer token must fail, even when it is cached.
  const caches: Record<JwtKind, TokenCache<Verified>> = { accessToken: new TokenCache(), apiKey: new TokenCache() };
  // By the key set itself: a JWKS refresh replaces `snapshot.jwks` without a new snapshot.
  const keySets = new WeakMap<JSONWebKeySet, JWTVerifyGetKey>();
  const keySet = (snapshot: GatewaySnapshot) => {
    let getKey = keySets.get(snapshot.jwks);
    if (!getKey) keySets.set(snapshot.jwks, (getKey = createLocalJWKSet(snapshot.jwks)));
    return getKey;
  };
  const unknownKids = new UnknownKids();

  /** A token or key seen before is answered from the cache without waiting a turn; a new one is verified first. */
  return (ctx, deps) => {
    const api = ctx.api!;
    const resource = ctx.resource!;
    if (resource.authType === "None" || api.state === "PROTOTYPED") {
      ctx.caller = ANONYMOUS;
      return;
    }
    const credential = readCredential(ctx.request.headers);
    if (!credential) {
      return gatewayError("missingCredentials", "Make sure your API invocation call has a header: 'Authorization: Bearer ACCESS_TOKEN' or 'apikey: API_KEY'.");
    }
    const cached = caches[credential.kind].get(credential.token, Date.now());
    return cached ? admit(ctx, cached) : verify(ctx, deps, credential);
  };

  async function verify(ctx: GatewayContext, deps: GatewayDeps, credential: Credential): Promise<GatewayReply | void> {
    let result = await verifyJwt(credential.kind, credential.token, keySet(ctx.snapshot), { issuer: deps.issuer });
    if (!result.valid && result.reason === "UNKNOWN_KEY") {
      // A key newer than this snapshot's JWKS: re-read the keys alone (not the whole snapshot), at most
      // once every few seconds in all, and remember kids still unknown, so made-up ones cost nothing.
      const kid = kidOf(credential.token);
      const refresh = deps.refreshJwks ?? deps.refreshSnapshot;
      if (kid !== null && refresh && !unknownKids.has(kid, Date.now())) {
        await refresh();
        ctx.snapshot = deps.snapshot();
        result = await verifyJwt(credential.kind, credential.token, keySet(ctx.snapshot), { issuer: deps.issuer });
        if (!result.valid && result.reason === "UNKNOWN_KEY") unknownKids.add(kid, Date.now());
      }
    }
    if (!result.valid) return invalid();
    const claims = result.claims;
    const caller: Verified = {
      jti: claims.jti,
      subject: claims.sub,
      applicationId: claims.application_id ?? null,
      keyType: claims.key_type,
      scopes: "scope" in claims ? scopesOf(claims) : [],
      tokenUse: claims.aut,
      claims,
      expiresAtMs: claims.exp ? claims.exp * 1000 : null,
    };
    caches[credential.kind].set(credential.token, caller);
    return admit(ctx, caller);
  }
}

/** A verified caller, checked against revocation, its client's state, the resource's auth type and the API's endpoints. */
function admit(ctx: GatewayContext, caller: Verified): GatewayReply | undefined {
  const api = ctx.api!;
  if (ctx.snapshot.revoked.has(caller.jti!)) return invalid();
  const clientId = caller.claims?.client_id;
  // Keys generated after this snapshot was built: the handler catches up and asks again.
  if (typeof clientId === "string" && !ctx.snapshot.activeClients.has(clientId)) return refusedOnSnapshot(ctx, invalid(), credentialVersion(caller));

  const wants = ctx.resource!.authType;
  if ((wants === "Application" && caller.tokenUse !== "APPLICATION") || (wants === "Application User" && caller.tokenUse !== "APPLICATION_USER")) {
    return refusedOnSnapshot(ctx, gatewayError(
      "incorrectTokenType",
      wants === "Application"
        ? "This resource needs an application token (client_credentials grant or API key)."
        : "This resource needs a token issued for a user (password or refresh_token grant).",
    ));
  }
  if (!api.endpoints[caller.keyType!]) {
    return refusedOnSnapshot(ctx, gatewayError("invalidCredentials", `${api.name} ${api.version} has no ${caller.keyType!.toLowerCase()} endpoint for this key type.`));
  }
  ctx.caller = caller;
}

function invalid() {
  return gatewayError("invalidCredentials", "Access failure for API: the token or API key is invalid, expired or revoked. Make sure you have provided the correct security credentials.");
}

type Credential = { kind: JwtKind; token: string };

function kidOf(token: string): string | null {
  try {
    const { kid } = decodeProtectedHeader(token);
    return typeof kid === "string" && kid.length <= 200 ? kid : null;
  } catch {
    return null;
  }
}

function readCredential(headers: HeaderReader): Credential | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return { kind: "accessToken", token: match[1] };
  }
  const apiKey = headers.get("apikey");
  return apiKey ? { kind: "apiKey", token: apiKey.trim() } : null;
}
