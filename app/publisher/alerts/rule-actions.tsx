"use client";

import { useTransition } from "react";
import { Button, ConfirmButton, useToast } from "@/components/ui";
import { deleteRuleAction, setRuleEnabledAction } from "./actions";

/** Pause or resume a rule, or delete it (and the alerts it raised). */
export function RuleActions({ ruleId, enabled }: { ruleId: string; enabled: boolean }) {
  const [pending, start] = useTransition();
  const { toast } = useToast();
  const toggle = () =>
    start(async () => {
      const result = await setRuleEnabledAction(ruleId, !enabled);
      if (!result.ok) toast({ title: result.message, variant: "error" });
    });
  return (
    <div className="flex justify-end gap-2">
      <Button variant="secondary" size="sm" onClick={toggle} loading={pending}>
        {enabled ? "Pause" : "Resume"}
      </Button>
      <ConfirmButton
        size="sm"
        label="Delete"
        confirm={{ title: "Delete this alert rule?", description: "Its alerts are deleted with it.", confirmLabel: "Delete rule" }}
        success="Alert rule deleted"
        action={() => deleteRuleAction(ruleId)}
      />
    </div>
  );
}
