"use client";

import { useRouter } from "next/navigation";
import { Button, useAction, type ButtonVariant } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";

type Deployed = { id: string; name: string; state: string; created: boolean };

export function DeploySampleButton({ action, variant = "secondary" }: { action: () => Promise<ActionResult<Deployed>>; variant?: ButtonVariant }) {
  const router = useRouter();
  const { run, pending } = useAction(action, {
    failureToast: "Could not deploy the sample",
    success: (data) => ({
      title: data.created ? `${data.name} deployed` : `${data.name} is already deployed`,
      description: data.state === "PUBLISHED" ? "It is published and ready to try in the developer portal." : "A publisher can publish it from its Lifecycle tab.",
    }),
    onSuccess: (data) => router.push(`/publisher/apis/${data.id}`),
  });
  return (
    <Button variant={variant} loading={pending} onClick={() => void run()}>
      Deploy sample API
    </Button>
  );
}
