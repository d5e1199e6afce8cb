"use client";

import { useTransition } from "react";
import { Button, ConfirmButton, useToast } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";

type Props = {
  label: string;
  enabled: boolean;
  toggle: () => Promise<ActionResult<unknown>>;
  remove: () => Promise<ActionResult<unknown>>;
};

/** Switch a condition on or off (kept for later), or delete it. */
export function BlockingRowActions({ label, enabled, toggle, remove }: Props) {
  const [pending, start] = useTransition();
  const { toast } = useToast();
  return (
    <div className="flex justify-end gap-2">
      <Button
        variant="secondary"
        size="sm"
        loading={pending}
        aria-label={`${enabled ? "Switch off" : "Switch on"} ${label}`}
        onClick={() =>
          start(async () => {
            const result = await toggle();
            if (!result.ok) toast({ title: result.message, variant: "error" });
          })
        }
      >
        {enabled ? "Switch off" : "Switch on"}
      </Button>
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
