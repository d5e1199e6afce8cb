"use client";

import { useState, useTransition } from "react";
import { Button, ConfirmButton, Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui";
import { resetPasswordAction, setDisabledAction } from "../actions";
import { OneTimePassword } from "../one-time-password";

/** Disable or enable the account, and reset its password (the new one is shown once). */
export function AccountActions({ userId, email, disabled, self }: { userId: string; email: string; disabled: boolean; self: boolean }) {
  const [password, setPassword] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const reset = () =>
    start(async () => {
      const result = await resetPasswordAction(userId);
      if (result.ok) setPassword(result.data.generatedPassword);
      else setError(result.message);
    });
  return (
    <div className="grid gap-4">
      {password && <OneTimePassword email={email} password={password} />}
      {error && (
        <p role="alert" className="text-sm font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Dialog onOpenChange={() => setError(null)}>
          <DialogTrigger asChild>
            <Button variant="secondary">Reset password</Button>
          </DialogTrigger>
          <DialogContent title="Reset this user's password?" description={`A new password is generated for ${email} and shown once; the old one stops working at once.`}>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <DialogClose asChild>
                <Button onClick={reset} loading={pending}>
                  Reset password
                </Button>
              </DialogClose>
            </DialogFooter>
          </DialogContent>
        </Dialog>
        {disabled ? (
          <ConfirmButton
            label="Enable account"
            variant="primary"
            confirm={{ title: "Enable this account?", description: `${email} can sign in again with their password.`, confirmLabel: "Enable" }}
            size="md"
            success="Account enabled"
            action={() => setDisabledAction(userId, false)}
          />
        ) : (
          !self && (
            <ConfirmButton
              label="Disable account"
              size="md"
              confirm={{ title: "Disable this account?", description: `${email} is signed out everywhere and can no longer sign in or use the REST API until enabled again.`, confirmLabel: "Disable" }}
              success="Account disabled"
              action={() => setDisabledAction(userId, true)}
            />
          )
        )}
      </div>
    </div>
  );
}
