"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useToast } from "@/components/ui";
import type { ActionResult } from "@/lib/http/action-result";

type Options<T> = {
  /** Toast title on success; omit for a silent success. */
  success?: string | ((data: T) => string);
  /** Re-render the page's server components afterwards (default true). */
  refresh?: boolean;
  onSuccess?: (data: T) => void;
};

/**
 * Runs a server action from a client component: pending state, a toast for the outcome, field
 * errors kept for the form, and a refresh so server components show the change.
 */
export function useServerAction<A extends unknown[], T>(action: (...args: A) => Promise<ActionResult<T>>, options: Options<T> = {}) {
  const router = useRouter();
  const { toast } = useToast();
  const [pending, startTransition] = useTransition();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  function run(...args: A): Promise<ActionResult<T>> {
    return new Promise((resolve) => {
      startTransition(async () => {
        const result = await action(...args);
        if (result.ok) {
          setFieldErrors({});
          const title = typeof options.success === "function" ? options.success(result.data) : options.success;
          if (title) toast({ title, variant: "success" });
          options.onSuccess?.(result.data);
          if (options.refresh !== false) router.refresh();
        } else {
          setFieldErrors(result.fieldErrors ?? {});
          toast({ title: "That did not work", description: result.message, variant: "error" });
        }
        resolve(result);
      });
    });
  }

  const fieldError = (name: string) => fieldErrors[name]?.[0];
  return { run, pending, fieldError };
}
