import "server-only";
import type { ApiState } from "@/db/schema/apis";
import { ConflictError, NotFoundError, type ServiceError } from "@/lib/errors";

type Rule = { subscribable: true } | { subscribable: false; refuse: (apiName: string) => ServiceError };

/** Whether an API in each state takes new subscriptions (SPEC "Lifecycle", column "new subscriptions"). */
export const SUBSCRIPTION_RULES = {
  CREATED: { subscribable: false, refuse: () => new NotFoundError("API") },
  PROTOTYPED: {
    subscribable: false,
    refuse: (name) =>
      new ConflictError(`${name} is a prototype: try it in the API console without subscribing. Subscriptions open when it is published.`),
  },
  PUBLISHED: { subscribable: true },
  DEPRECATED: {
    subscribable: false,
    refuse: (name) => new ConflictError(`${name} is deprecated: existing subscriptions keep working, but it takes no new ones. Use a newer version.`),
  },
  BLOCKED: { subscribable: false, refuse: (name) => new ConflictError(`${name} is blocked by its publisher and takes no subscriptions for now.`) },
  RETIRED: { subscribable: false, refuse: () => new NotFoundError("API") },
} as const satisfies Record<ApiState, Rule>;

/** Throws the state's refusal when an API in `state` takes no new subscriptions. */
export function assertSubscribable(state: ApiState, apiName: string): void {
  const rule: Rule = SUBSCRIPTION_RULES[state];
  if (!rule.subscribable) throw rule.refuse(apiName);
}

/** A sentence for the API page, or null when subscribing is open. */
export function subscriptionNotice(state: ApiState, apiName: string): string | null {
  const rule: Rule = SUBSCRIPTION_RULES[state];
  return rule.subscribable ? null : rule.refuse(apiName).message;
}
