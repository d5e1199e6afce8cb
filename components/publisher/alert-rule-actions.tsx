"use client";

import { ConfirmButton } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";

type Props = { enabled: boolean; toggle: () => Promise<ActionResult<unknown>>; remove: () => Promise<ActionResult<unknown>> };

/** Pause or resume a rule, or delete it (and the alerts it raised). */
export function RuleActions({ enabled, toggle, remove }: Props) {
  return (
    <div className="flex justify-end gap-2">
      <ConfirmButton label={enabled ? "Pause" : "Resume"} action={toggle} size="sm" />
      <ConfirmButton
        label="Delete"
        action={remove}
        confirm={{ title: "Delete this alert rule?", description: "Its alerts are deleted with it.", confirmLabel: "Delete rule" }}
        success="Alert rule deleted"
        size="sm"
      />
    </div>
  );
}
