import "server-only";
import { API_STATES, type ApiState } from "@/db/schema/apis";

export const LIFECYCLE_ACTIONS = [
  "Publish",
  "Deploy as a Prototype",
  "Demote to Created",
  "Block",
  "Deprecate",
  "Re-Publish",
  "Retire",
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** The default lifecycle (SPEC "Lifecycle"): for each state, the actions it allows and where they lead. */
export const LIFECYCLE = {
  CREATED: { Publish: "PUBLISHED", "Deploy as a Prototype": "PROTOTYPED" },
  PROTOTYPED: { Publish: "PUBLISHED", "Demote to Created": "CREATED" },
  PUBLISHED: { Block: "BLOCKED", Deprecate: "DEPRECATED", "Demote to Created": "CREATED", "Deploy as a Prototype": "PROTOTYPED" },
  BLOCKED: { "Re-Publish": "PUBLISHED", Deprecate: "DEPRECATED" },
  DEPRECATED: { Retire: "RETIRED" },
  RETIRED: {},
} as const satisfies Record<ApiState, Partial<Record<LifecycleAction, ApiState>>>;

/** Where `action` takes an API in state `from`, or null when the table does not allow it. */
export function nextState(from: ApiState, action: LifecycleAction): ApiState | null {
  const transitions: Partial<Record<LifecycleAction, ApiState>> = LIFECYCLE[from];
  return transitions[action] ?? null;
}

export function allowedActions(state: ApiState): LifecycleAction[] {
  return Object.keys(LIFECYCLE[state]) as LifecycleAction[];
}

export { API_STATES, type ApiState };
