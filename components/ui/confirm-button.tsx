"use client";

import { useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import { Button, type ButtonSize, type ButtonVariant } from "./button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "./dialog";
import { useAction, type UseActionOptions } from "./use-action";

/** Ask first: the dialog's title, what happens, and the confirming button's name. */
type Confirmation = { title: string; description: ReactNode; confirmLabel: string };

type Props<T> = {
  label: ReactNode;
  /** The server action, already bound to what it acts on. */
  action: () => Promise<ActionResult<T>>;
  /** Without it the button acts at once (for harmless, easily undone actions). */
  confirm?: Confirmation;
  /** Toast on success. */
  success?: UseActionOptions<T>["success"];
  onSuccess?: (data: T) => void;
  /** Re-render the page's server components afterwards, for actions that do not revalidate on the server. */
  refresh?: boolean;
  /** The confirming button's look; the trigger's unless `triggerVariant` says otherwise. */
  variant?: ButtonVariant;
  triggerVariant?: ButtonVariant;
  size?: ButtonSize;
  /** Accessible name of the trigger when its label alone is ambiguous (e.g. one per table row). */
  "aria-label"?: string;
};

/**
 * The one button that runs a server action. Destructive or far-reaching actions pass `confirm` and go
 * through a dialog that closes once it worked and shows a refusal (e.g. "in use by …") in place;
 * without `confirm`, a refusal is a toast.
 */
export function ConfirmButton<T>({ label, action, confirm, success, onSuccess, refresh, variant = confirm ? "danger" : "secondary", triggerVariant = variant, size = "md", "aria-label": ariaLabel }: Props<T>) {
  const [open, setOpen] = useState(false);
  const { run, pending, failure, state } = useAction(action, {
    success,
    refresh,
    failureToast: confirm ? undefined : "Not changed",
    onSuccess: (data) => {
      setOpen(false);
      onSuccess?.(data);
    },
  });
  const [shown, setShown] = useState<typeof state>(null);
  if (!confirm) {
    return (
      <Button variant={triggerVariant} size={size} loading={pending} aria-label={ariaLabel} onClick={() => void run()}>
        {label}
      </Button>
    );
  }
  // A refusal shows until the dialog is closed or opened again.
  const error = state !== shown ? failure : undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setShown(state);
      }}
    >
      <DialogTrigger asChild>
        <Button variant={triggerVariant} size={size} aria-label={ariaLabel}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent title={confirm.title} description={confirm.description}>
        {error && (
          <p role="alert" className="text-sm font-medium text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant={variant} loading={pending} onClick={() => void run()}>
            {confirm.confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
