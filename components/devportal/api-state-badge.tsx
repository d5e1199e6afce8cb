import type { ApiState } from "@/db/schema/apis";
import { Badge } from "@/components/ui";

/** Consumers only ever see these states; PUBLISHED needs no badge. */
export function ApiStateBadge({ state }: { state: ApiState }) {
  if (state === "PROTOTYPED") return <Badge tone="warning">Prototype</Badge>;
  if (state === "DEPRECATED") return <Badge tone="danger">Deprecated</Badge>;
  if (state === "PUBLISHED") return <Badge tone="success">Published</Badge>;
  return <Badge>{state.toLowerCase()}</Badge>;
}
