"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/http/action-result";
import { ConfirmButton } from "@/components/ui";

/** Deleting a policy in use is refused; the dialog then says where it is used. */
export function DeletePolicyButton({ name, action }: { name: string; action: () => Promise<ActionResult<unknown>> }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete policy"
      size="md"
      confirm={{ title: `Delete ${name}?`, description: "Only a policy nothing uses can go: no subscription, application, API or resource may refer to it.", confirmLabel: "Delete" }}
      action={action}
      success={`Deleted ${name}`}
      onSuccess={() => router.push("/admin/throttling")}
    />
  );
}
