"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Alert, Button, ConfirmButton, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, useToast } from "@/components/ui";
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
  const router = useRouter();
  const { toast } = useToast();
  const done = (result: ActionResult<LifecycleResult>) => {
    if (!result.ok) {
      toast({ title: "Not changed", description: result.message, variant: "error" });
      return false;
    }
    const extra = result.data.deprecatedVersions.length ? ` Deprecated ${result.data.deprecatedVersions.join(", ")}.` : "";
    toast({ title: `${apiLabel} is now ${result.data.state}`, description: extra || undefined, variant: "success" });
    router.refresh();
    return true;
  };
  return (
    <div className="flex flex-wrap gap-2">
      {actions.map((action) =>
        action === "Publish" ? (
          <PublishDialog key={action} apiLabel={apiLabel} change={change} onResult={done} />
        ) : CONSEQUENCES[action] ? (
          <ConfirmButton
            key={action}
            label={action}
            confirm={{ title: `${action}: ${apiLabel}?`, description: CONSEQUENCES[action], confirmLabel: action }}
            variant={action === "Deprecate" || action === "Demote to Created" ? "secondary" : "danger"}
            action={async () => {
              const result = await change({ action });
              done(result);
              return result;
            }}
          />
        ) : (
          <DirectAction key={action} action={action} run={async () => done(await change({ action }))} />
        ),
      )}
    </div>
  );
}

function DirectAction({ action, run }: { action: LifecycleAction; run: () => Promise<unknown> }) {
  const [pending, start] = useTransition();
  return (
    <Button variant="secondary" loading={pending} onClick={() => start(async () => void (await run()))}>
      {action}
    </Button>
  );
}

type PublishProps = { apiLabel: string; change: Props["change"]; onResult: (result: ActionResult<LifecycleResult>) => boolean };

function PublishDialog({ apiLabel, change, onResult }: PublishProps) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>Publish</Button>
      </DialogTrigger>
      <DialogContent title={`Publish ${apiLabel}`} description="It appears in the developer portal and the gateway starts serving it.">
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            start(async () => {
              const result = await change({
                action: "Publish",
                deprecateOldVersions: form.get("deprecateOldVersions") === "on",
                requireResubscription: form.get("requireResubscription") === "on",
              });
              if (onResult(result)) setOpen(false);
              else if (!result.ok) setError(result.message);
            });
          }}
        >
          {error && <Alert tone="danger">{error}</Alert>}
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
