"use client";

import { ConfirmButton } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";

type Props = {
  label: string;
  enabled: boolean;
  toggle: () => Promise<ActionResult<unknown>>;
  remove: () => Promise<ActionResult<unknown>>;
};

/** Switch a condition on or off (kept for later), or delete it. */
export function BlockingRowActions({ label, enabled, toggle, remove }: Props) {
  return (
    <div className="flex justify-end gap-2">
      <ConfirmButton label={enabled ? "Switch off" : "Switch on"} aria-label={`${enabled ? "Switch off" : "Switch on"} ${label}`} action={toggle} size="sm" />
      <ConfirmButton
        size="sm"
        label="Delete"
        confirm={{ title: `Delete the condition for ${label}?`, description: "Calls it matches are let through again within a second. To pause it instead, switch it off.", confirmLabel: "Delete" }}
        action={remove}
        success="Condition deleted"
      />
    </div>
  );
}
