"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button, useToast, type ButtonVariant } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";

/** A button that runs one server action, then says how it went and refreshes the page. */
export function ActionButton({ label, success, action, variant = "secondary" }: { label: string; success: string; action: () => Promise<ActionResult<unknown>>; variant?: ButtonVariant }) {
  const router = useRouter();
  const { toast } = useToast();
  const [pending, start] = useTransition();
  return (
    <Button
      size="sm"
      variant={variant}
      loading={pending}
      onClick={() =>
        start(async () => {
          const result = await action();
          if (!result.ok) return void toast({ title: "Not changed", description: result.message, variant: "error" });
          toast({ title: success, variant: "success" });
          router.refresh();
        })
      }
    >
      {label}
    </Button>
  );
}
