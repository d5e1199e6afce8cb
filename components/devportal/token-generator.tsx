"use client";

import { useState } from "react";
import { Button, Field, Input, useAction } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";
import type { ApplicationToken } from "@/lib/keys/application-token";
import { OneTimeSecret } from "./one-time-secret";

type Props = {
  defaultValidity: number;
  action: (validityPeriod: number, scopes: string[]) => Promise<ActionResult<ApplicationToken>>;
};

/** "Generate access token": validity in seconds (−1 never expires) and optional scopes. */
export function TokenGenerator({ defaultValidity, action }: Props) {
  const [validity, setValidity] = useState(String(defaultValidity));
  const [scopes, setScopes] = useState("");
  const [token, setToken] = useState<ApplicationToken | null>(null);
  const { run, pending } = useAction(action, { success: "Access token generated", onSuccess: setToken, failureToast: "That did not work" });
  return (
    <div className="grid gap-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void run(Number(validity), scopes.split(/[\s,]+/).filter(Boolean));
        }}
      >
        <Field label="Validity period (seconds)" hint="−1 (administrators only): ten years, the longest allowed.">
          <Input type="number" step={1} value={validity} onChange={(e) => setValidity(e.target.value)} className="w-40" required />
        </Field>
        <Field label="Scopes" hint="Optional, separated by spaces.">
          <Input value={scopes} onChange={(e) => setScopes(e.target.value)} className="w-64" placeholder="e.g. order:write" />
        </Field>
        <Button type="submit" loading={pending}>
          Generate access token
        </Button>
      </form>
      {token && (
        <OneTimeSecret
          title="Your access token"
          note={`${token.expiresIn === null ? "It never expires." : `It expires in ${token.expiresIn} seconds.`} Scopes: ${token.scopes.join(" ") || "none"}. Copy it now: you won't see it again.`}
          rows={[{ label: "Access token", value: token.accessToken }]}
        />
      )}
    </div>
  );
}
