"use client";

import { useState, useTransition, type ReactNode } from "react";
import type { ActionResultLike } from "./action-result-like";
import { Button, type ButtonVariant } from "./button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "./dialog";
import { useToast } from "./toast";

type Props = {
  label: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  action: () => Promise<ActionResultLike>;
  successTitle?: string;
  variant?: ButtonVariant;
  size?: "sm" | "md";
  onDone?: () => void;
};

/** A button that asks first: destructive or far-reaching actions go through this dialog; a refusal (e.g. "in use by …") is shown in it. */
export function ConfirmButton({ label, title, description, confirmLabel, action, successTitle, variant = "danger", size = "md", onDone }: Props) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const { toast } = useToast();
  const confirm = () =>
    start(async () => {
      const result = await action();
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setOpen(false);
      if (successTitle) toast({ title: successTitle, variant: "success" });
      onDone?.();
    });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant={variant} size={size}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        {error && (
          <p role="alert" className="text-sm font-medium text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant={variant} loading={pending} onClick={confirm}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
