"use client";

import { useState } from "react";
import { Button, ConfirmButton, CopyButton, useAction } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";
import type { ApplicationToken } from "@/lib/keys/application-token";
import type { ConsumerKeys, ConsumerKeysWithSecret } from "@/lib/keys/consumer-keys";
import { OneTimeSecret } from "./one-time-secret";
import { TokenGenerator } from "./token-generator";

export type KeyActions = {
  generate: () => Promise<ActionResult<ConsumerKeysWithSecret>>;
  regenerate: () => Promise<ActionResult<ConsumerKeysWithSecret>>;
  revoke: () => Promise<ActionResult<void>>;
  token: (validityPeriod: number, scopes: string[]) => Promise<ActionResult<ApplicationToken>>;
};

type Props = { label: string; keys: ConsumerKeys | null; defaultValidity: number; actions: KeyActions };

/** One key type's consumer key pair: generate, show the secret once, regenerate, revoke, and issue tokens. */
export function ConsumerKeysPanel({ label, keys, defaultValidity, actions }: Props) {
  const [fresh, setFresh] = useState<ConsumerKeysWithSecret | null>(null);
  const generate = useAction(actions.generate, { success: "Keys generated", onSuccess: setFresh, refresh: true, failureToast: "That did not work" });

  if (!keys) {
    return (
      <div className="grid justify-items-start gap-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No {label.toLowerCase()} keys yet. Generate a consumer key and secret to get access tokens for this application.
        </p>
        <Button loading={generate.pending} onClick={() => void generate.run()}>
          Generate keys
        </Button>
      </div>
    );
  }
  return (
    <div className="grid gap-6">
      {fresh && (
        <OneTimeSecret
          title="Your consumer secret"
          rows={[
            { label: "Consumer key", value: fresh.consumerKey },
            { label: "Consumer secret", value: fresh.consumerSecret },
          ]}
        />
      )}
      <dl className="grid gap-3 sm:grid-cols-2">
        <div className="grid gap-1">
          <dt className="text-xs font-medium text-zinc-500 uppercase">Consumer key</dt>
          <dd className="flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 font-mono text-xs dark:bg-zinc-800">{keys.consumerKey}</code>
            <CopyButton value={keys.consumerKey} label="Copy" />
          </dd>
        </div>
        <div className="grid gap-1">
          <dt className="text-xs font-medium text-zinc-500 uppercase">Consumer secret</dt>
          <dd className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{keys.secretPrefix}… (hidden; shown only when generated)</dd>
        </div>
      </dl>
      <div className="flex flex-wrap gap-2">
        <ConfirmButton
          action={actions.regenerate}
          onSuccess={setFresh}
          confirm={{ title: "Regenerate the consumer secret?", description: "The current secret stops working at once. Tokens already issued stay valid until they expire.", confirmLabel: "Regenerate" }}
          variant="primary"
          label="Regenerate secret"
          success="New secret generated"
          size="sm"
          refresh
        />
        <ConfirmButton
          action={actions.revoke}
          onSuccess={() => setFresh(null)}
          confirm={{ title: `Revoke the ${label.toLowerCase()} keys?`, description: "The key pair and every token issued with it stop working at once.", confirmLabel: "Revoke keys" }}
          label="Revoke keys"
          success="Keys revoked"
          size="sm"
          triggerVariant="secondary"
          refresh
        />
      </div>
      <section aria-labelledby={`${label}-token`} className="grid gap-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <h3 id={`${label}-token`} className="font-semibold">
          Access token
        </h3>
        <TokenGenerator defaultValidity={defaultValidity} action={actions.token} />
      </section>
    </div>
  );
}
