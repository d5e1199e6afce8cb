import { gatewayError } from "../errors";
import type { Step } from "../context";
import { subscriptionKey } from "../snapshot/types";

/** The caller's application holds an active subscription to this API, and the token's scopes cover the resource. */
export const authorize: Step = (ctx) => {
  const caller = ctx.caller!;
  if (caller.jti === null) return;
  const api = ctx.api!;
  const subscription = caller.applicationId
    ? ctx.snapshot.subscriptions.get(subscriptionKey(caller.applicationId, api.id))
    : undefined;
  const active =
    subscription &&
    (subscription.status === "ACTIVE" || (subscription.status === "PROD_ONLY_BLOCKED" && caller.keyType === "SANDBOX"));
  if (!active || !ctx.snapshot.applications.has(caller.applicationId!)) {
    return gatewayError("resourceForbidden", `The application is not subscribed to ${api.name} ${api.version}, or the subscription is not active.`);
  }
  const missing = ctx.resource!.scopes.filter((scope) => !caller.scopes.includes(scope));
  if (missing.length) {
    return gatewayError("scopeForbidden", `The resource needs the scope ${missing.join(", ")}.`);
  }
};
