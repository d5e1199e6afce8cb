"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, useAction } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";

type Props = {
  name: string;
  subscriptionCount: number;
  action: (cascade: boolean) => Promise<ActionResult<{ id: string; unsubscribed: number }>>;
};

/** Deleting is refused while subscriptions exist, unless the person ticks that they go too. */
export function DeleteApplicationDialog({ name, subscriptionCount, action }: Props) {
  const router = useRouter();
  const [cascade, setCascade] = useState(false);
  const { run, pending } = useAction(action, {
    success: (r) => (r.unsubscribed ? `${name} deleted with ${r.unsubscribed} subscription(s)` : `${name} deleted`),
    onSuccess: () => router.push("/devportal/applications"),
    failureToast: "That did not work",
  });
  const blocked = subscriptionCount > 0 && !cascade;
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="danger">Delete application</Button>
      </DialogTrigger>
      <DialogContent title={`Delete ${name}?`} description="Its keys, tokens and API keys stop working at once. This cannot be undone.">
        {subscriptionCount > 0 && (
          <Alert tone="warning" title={`${name} has ${subscriptionCount} subscription${subscriptionCount === 1 ? "" : "s"}`}>
            <label className="mt-2 flex items-center gap-2">
              <input type="checkbox" checked={cascade} onChange={(e) => setCascade(e.target.checked)} className="size-4" />
              Unsubscribe from everything and delete
            </label>
          </Alert>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" loading={pending} disabled={blocked} onClick={() => void run(cascade)}>
            Delete {name}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
