import type { ApiState } from "@/db/schema/apis";
import { Badge, type BadgeTone } from "@/components/ui";

const TONES = {
  CREATED: "neutral",
  PROTOTYPED: "info",
  PUBLISHED: "success",
  BLOCKED: "danger",
  DEPRECATED: "warning",
  RETIRED: "neutral",
} as const satisfies Record<ApiState, BadgeTone>;

function apiStateTone(state: ApiState): BadgeTone {
  return TONES[state];
}

export function ApiStateBadge({ state }: { state: ApiState }) {
  return <Badge tone={apiStateTone(state)}>{state}</Badge>;
}
