import type { ApiState } from "@/db/schema/apis";
import type { BadgeTone } from "@/components/ui";

const TONES = {
  CREATED: "neutral",
  PROTOTYPED: "warning",
  PUBLISHED: "success",
  BLOCKED: "danger",
  DEPRECATED: "warning",
  RETIRED: "neutral",
} as const satisfies Record<ApiState, BadgeTone>;

export function apiStateTone(state: ApiState): BadgeTone {
  return TONES[state];
}
