import { gatewayError, type GatewayError } from "../errors";
import { credentialVersion, refusedOnSnapshot, type GatewayContext, type Step } from "../context";
import { subscriptionKey } from "../snapshot/types";
import { perCallerAndResource } from "./per-caller";

type Refusal = { error: GatewayError; description: string } | null;

/**
 * The token's user and its application's owner are not disabled (nor the credential older than their
 * last disabling), the caller's application holds an active subscription to this API, and the
 * token's scopes cover the resource.
 */
export const authorize: Step = (ctx) => {
  if (ctx.caller!.jti === null) return;
  // Checked on every call, outside the per-caller memo: a disabled user is patched into the live snapshot.
  if (ctx.snapshot.userGates.size > 0 && userRefused(ctx)) {
    return gatewayError("invalidCredentials", "Access failure for API: the credential's user is disabled, or the credential was issued before the account was last disabled.");
  }
  const refusal = refusalFor(ctx);
  if (refusal) {
    return refusedOnSnapshot(ctx, gatewayError(refusal.error, refusal.description), credentialVersion(ctx.caller!));
  }
};

function userRefused(ctx: GatewayContext): boolean {
  const caller = ctx.caller!;
  const issuedAtMs = typeof caller.claims?.iat === "number" ? caller.claims.iat * 1000 : 0;
  const owner = caller.applicationId ? ctx.snapshot.applications.get(caller.applicationId)?.ownerId : undefined;
  for (const userId of [caller.subject, owner]) {
    const gate = userId ? ctx.snapshot.userGates.get(userId) : undefined;
    if (gate && (gate.disabled || (gate.tokensValidFrom !== null && issuedAtMs < gate.tokensValidFrom))) return true;
  }
  return false;
}

const refusalFor = perCallerAndResource((ctx: GatewayContext): Refusal => {
  const caller = ctx.caller!;
  const api = ctx.api!;
  const subscription = caller.applicationId
    ? ctx.snapshot.subscriptions.get(subscriptionKey(caller.applicationId, api.id))
    : undefined;
  const active =
    subscription &&
    (subscription.status === "ACTIVE" || (subscription.status === "PROD_ONLY_BLOCKED" && caller.keyType === "SANDBOX"));
  if (!active || !ctx.snapshot.applications.has(caller.applicationId!)) {
    return { error: "resourceForbidden", description: `The application is not subscribed to ${api.name} ${api.version}, or the subscription is not active.` };
  }
  const missing = ctx.resource!.scopes.filter((scope) => !caller.scopes.includes(scope));
  if (missing.length) return { error: "scopeForbidden", description: `The resource needs the scope ${missing.join(", ")}.` };
  return null;
});
