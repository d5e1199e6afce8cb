"use client";

import { useState } from "react";
import { ConfirmButton } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";
import { OneTimePassword } from "./one-time-password";

type Props = {
  email: string;
  disabled: boolean;
  self: boolean;
  resetPassword: () => Promise<ActionResult<{ generatedPassword: string }>>;
  setDisabled: (disabled: boolean) => Promise<ActionResult<unknown>>;
};

/** Disable or enable the account, and reset its password (the new one is shown once). */
export function AccountActions({ email, disabled, self, resetPassword, setDisabled }: Props) {
  const [password, setPassword] = useState<string | null>(null);
  return (
    <div className="grid gap-4">
      {password && <OneTimePassword email={email} password={password} />}
      <div className="flex flex-wrap gap-2">
        <ConfirmButton
          label="Reset password"
          action={resetPassword}
          confirm={{
            title: "Reset this user's password?",
            description: `A new password is generated for ${email} and shown once; the old one stops working at once.`,
            confirmLabel: "Reset password",
          }}
          variant="primary"
          triggerVariant="secondary"
          onSuccess={(data) => setPassword(data.generatedPassword)}
        />
        {disabled ? (
          <ConfirmButton
            label="Enable account"
            action={() => setDisabled(false)}
            confirm={{ title: "Enable this account?", description: `${email} can sign in again with their password.`, confirmLabel: "Enable" }}
            variant="primary"
            success="Account enabled"
          />
        ) : (
          !self && (
            <ConfirmButton
              label="Disable account"
              action={() => setDisabled(true)}
              confirm={{
                title: "Disable this account?",
                description: `${email} is signed out everywhere and can no longer sign in or use the REST API until enabled again.`,
                confirmLabel: "Disable",
              }}
              success="Account disabled"
            />
          )
        )}
      </div>
    </div>
  );
}
