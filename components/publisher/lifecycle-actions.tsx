"use client";

import { useState } from "react";
import { Alert, Button, ConfirmButton, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, useAction } from "@/components/ui";
import type { LifecycleInput, LifecycleResult } from "@/lib/apis/change-lifecycle";
import type { LifecycleAction } from "@/lib/apis/lifecycle";
import type { ActionResult } from "@/lib/http/action-result";

type Props = { actions: LifecycleAction[]; apiLabel: string; change: (input: LifecycleInput) => Promise<ActionResult<LifecycleResult>> };

const CONSEQUENCES: Partial<Record<LifecycleAction, string>> = {
  Block: "Calls through the gateway get 503 until it is re-published, and it disappears from the developer portal.",
  Deprecate: "Existing subscribers keep using it; nobody new can subscribe.",
  Retire: "It is removed from the gateway and the developer portal for good.",
  "Demote to Created": "It is taken off the gateway and the developer portal.",
};

/** The transitions the lifecycle allows from the current state, one button each. */
export function LifecycleActions({ actions, apiLabel, change }: Props) {
  const said = (result: LifecycleResult) => ({
    title: `${apiLabel} is now ${result.state}`,
    description: result.deprecatedVersions.length ? `Deprecated ${result.deprecatedVersions.join(", ")}.` : undefined,
  });
  return (
    <div className="flex flex-wrap gap-2">
      {actions.map((action) =>
        action === "Publish" ? (
          <PublishDialog key={action} apiLabel={apiLabel} change={change} success={said} />
        ) : (
          <ConfirmButton
            key={action}
            label={action}
            action={() => change({ action })}
            confirm={CONSEQUENCES[action] ? { title: `${action}: ${apiLabel}?`, description: CONSEQUENCES[action], confirmLabel: action } : undefined}
            variant={CONSEQUENCES[action] && action !== "Deprecate" && action !== "Demote to Created" ? "danger" : "secondary"}
            success={said}
            refresh
          />
        ),
      )}
    </div>
  );
}

type PublishProps = { apiLabel: string; change: Props["change"]; success: (result: LifecycleResult) => { title: string; description?: string } };

function PublishDialog({ apiLabel, change, success }: PublishProps) {
  const [open, setOpen] = useState(false);
  const publish = (form: FormData) =>
    change({
      action: "Publish",
      deprecateOldVersions: form.get("deprecateOldVersions") === "on",
      requireResubscription: form.get("requireResubscription") === "on",
    });
  const { onSubmit, pending, failure } = useAction(publish, { success, refresh: true, onSuccess: () => setOpen(false) });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>Publish</Button>
      </DialogTrigger>
      <DialogContent title={`Publish ${apiLabel}`} description="It appears in the developer portal and the gateway starts serving it.">
        <form className="grid gap-4" onSubmit={onSubmit}>
          {failure && <Alert tone="danger">{failure}</Alert>}
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="deprecateOldVersions" className="mt-1 accent-brand-600" />
            <span>
              <strong className="font-medium">Deprecate old versions</strong>
              <br />
              <span className="text-zinc-600 dark:text-zinc-400">Older published versions of this API become DEPRECATED.</span>
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="requireResubscription" className="mt-1 accent-brand-600" />
            <span>
              <strong className="font-medium">Require re-subscription</strong>
              <br />
              <span className="text-zinc-600 dark:text-zinc-400">Otherwise, subscriptions to older published versions carry over to this one.</span>
            </span>
          </label>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={pending}>
              Publish
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
