"use client";

import Link from "next/link";
import { useState } from "react";
import { Button, Field, NativeSelect, useAction } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";
import type { TierOption } from "@/lib/devportal/tiers";

type Props = {
  apiId: string;
  applications: { id: string; name: string; subscribed: boolean }[];
  tiers: TierOption[];
  action: (input: { apiId: string; applicationId: string; throttlingTier: string }) => Promise<ActionResult<{ applicationId: string }>>;
};

/** Pick an application and a tier, then subscribe; afterwards the next step (keys) is one click away. */
export function SubscribeForm({ apiId, applications, tiers, action }: Props) {
  const open = applications.filter((app) => !app.subscribed);
  const [applicationId, setApplicationId] = useState(open[0]?.id ?? "");
  const [tier, setTier] = useState(tiers.find((t) => t.name !== "Unlimited")?.name ?? tiers[0]?.name ?? "");
  const [done, setDone] = useState<string | null>(null);
  const { run, pending, fieldError } = useAction(action, {
    success: "Subscribed",
    onSuccess: (data) => setDone(data.applicationId),
    refresh: true,
    failureToast: "That did not work",
  });

  if (open.length === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        All your applications are subscribed.{" "}
        <Link href="/devportal/applications" className="font-medium text-brand-700 underline dark:text-brand-300">
          Create another application
        </Link>{" "}
        to subscribe again with a different tier.
      </p>
    );
  }
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        void run({ apiId, applicationId, throttlingTier: tier });
      }}
    >
      <Field label="Application" error={fieldError("applicationId")}>
        <NativeSelect value={applicationId} onChange={(e) => setApplicationId(e.target.value)} options={open.map((a) => ({ value: a.id, label: a.name }))} />
      </Field>
      <Field label="Tier" hint={tiers.find((t) => t.name === tier)?.description} error={fieldError("throttlingTier")}>
        <NativeSelect value={tier} onChange={(e) => setTier(e.target.value)} options={tiers.map((t) => ({ value: t.name, label: t.name }))} />
      </Field>
      <Button type="submit" loading={pending}>
        Subscribe
      </Button>
      {done && (
        <p role="status" className="text-sm">
          Next:{" "}
          <Link href={`/devportal/applications/${done}/keys`} className="font-medium text-brand-700 underline dark:text-brand-300">
            generate keys for the application
          </Link>
        </p>
      )}
    </form>
  );
}
