"use client";

import { useState } from "react";
import { Button, ConfirmButton, Field, Input, Table, TableBody, TableCell, TableHeadings, TableRow, useAction } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";
import type { ApiKeySummary, CreatedApiKey } from "@/lib/keys/api-keys";
import { OneTimeSecret } from "./one-time-secret";

type Props = {
  keys: ApiKeySummary[];
  create: (validityPeriod: number) => Promise<ActionResult<CreatedApiKey>>;
  revoke: (keyId: string) => Promise<ActionResult<void>>;
};

const day = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

/** API keys (the `apikey` header at the gateway): generate one, see it once, list by display part, revoke. */
export function ApiKeysPanel({ keys, create, revoke }: Props) {
  const [validity, setValidity] = useState("-1");
  const [fresh, setFresh] = useState<CreatedApiKey | null>(null);
  const { run, pending } = useAction(create, { success: "API key generated", onSuccess: setFresh, refresh: true, failureToast: "That did not work" });
  return (
    <div className="grid gap-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          void run(Number(validity));
        }}
      >
        <Field label="API key validity (seconds)" hint="−1: ten years, the longest allowed.">
          <Input type="number" step={1} value={validity} onChange={(e) => setValidity(e.target.value)} className="w-40" required />
        </Field>
        <Button type="submit" variant="secondary" loading={pending}>
          Generate API key
        </Button>
      </form>
      {fresh && <OneTimeSecret title="Your API key" rows={[{ label: "API key", value: fresh.apiKey }]} />}
      {keys.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No API keys yet. Send one in the <code>apikey</code> header instead of a token.</p>
      ) : (
        <Table>
          <TableHeadings columns={["Key", "Created", "Expires"]} actions="Actions" />
          <TableBody>
            {keys.map((key) => (
              <TableRow key={key.id}>
                <TableCell className="font-mono text-xs">{key.displaySuffix}</TableCell>
                <TableCell>{day.format(new Date(key.createdAt))}</TableCell>
                <TableCell>{key.expiresAt ? day.format(new Date(key.expiresAt)) : "Never"}</TableCell>
                <TableCell className="text-right">
                  <ConfirmButton
                    action={() => revoke(key.id)}
                    label="Revoke"
                    confirm={{ title: `Revoke API key ${key.displaySuffix}?`, description: "Calls with this key are refused at once.", confirmLabel: "Revoke key" }}
                    success="API key revoked"
                    size="sm"
                    triggerVariant="secondary"
                    refresh
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
