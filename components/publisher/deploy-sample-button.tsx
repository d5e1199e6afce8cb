"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button, useToast, type ButtonVariant } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";

type Deployed = { id: string; name: string; state: string; created: boolean };

export function DeploySampleButton({ action, variant = "secondary" }: { action: () => Promise<ActionResult<Deployed>>; variant?: ButtonVariant }) {
  const router = useRouter();
  const { toast } = useToast();
  const [pending, start] = useTransition();
  return (
    <Button
      variant={variant}
      loading={pending}
      onClick={() =>
        start(async () => {
          const result = await action();
          if (!result.ok) {
            toast({ title: "Could not deploy the sample", description: result.message, variant: "error" });
            return;
          }
          const { data } = result;
          toast({
            title: data.created ? `${data.name} deployed` : `${data.name} is already deployed`,
            description: data.state === "PUBLISHED" ? "It is published and ready to try in the developer portal." : "A publisher can publish it from its Lifecycle tab.",
            variant: "success",
          });
          router.push(`/publisher/apis/${data.id}`);
        })
      }
    >
      Deploy sample API
    </Button>
  );
}
