import { gatewayError, type GatewayError } from "../errors";
import { refusedOnSnapshot, type GatewayContext, type Step } from "../context";
import { subscriptionKey } from "../snapshot/types";
import { perCallerAndResource } from "./per-caller";

type Refusal = { error: GatewayError; description: string } | null;

/** The caller's application holds an active subscription to this API, and the token's scopes cover the resource. */
export const authorize: Step = (ctx) => {
  if (ctx.caller!.jti === null) return;
  const refusal = refusalFor(ctx);
  if (refusal) {
    const cv = ctx.caller!.claims?.cv;
    return refusedOnSnapshot(ctx, gatewayError(refusal.error, refusal.description), typeof cv === "number" ? cv : undefined);
  }
};

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
