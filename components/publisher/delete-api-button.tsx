"use client";

import type { ActionResult } from "@/lib/http/action-result";
import { ConfirmButton } from "@/components/ui";

export function DeleteApiButton({ name, action }: { name: string; action: () => Promise<ActionResult<unknown>> }) {
  return (
    <ConfirmButton
      label="Delete API"
      action={action}
      confirm={{ title: `Delete ${name}?`, description: "This cannot be undone. Its resources, endpoints, documents and lifecycle history go with it.", confirmLabel: "Delete" }}
    />
  );
}
