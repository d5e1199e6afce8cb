"use client";

import { useState, type ReactNode } from "react";
import { Button, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger, type ButtonProps } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";
import { useServerAction } from "./use-server-action";

type Props<T> = {
  /** The server action, already bound to what it acts on. */
  action: () => Promise<ActionResult<T>>;
  onSuccess?: (data: T) => void;
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  success: string;
  variant?: ButtonProps["variant"];
  size?: ButtonProps["size"];
};

/** A destructive action behind a confirmation dialog; the dialog closes once it worked. */
export function ConfirmAction<T>({ action, onSuccess, trigger, title, description, confirmLabel, success, variant = "danger", size = "sm" }: Props<T>) {
  const [open, setOpen] = useState(false);
  const { run, pending } = useServerAction(action, {
    success,
    onSuccess: (data) => {
      setOpen(false);
      onSuccess?.(data);
    },
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant === "danger" ? "secondary" : variant} size={size}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant={variant} loading={pending} onClick={() => void run()}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
