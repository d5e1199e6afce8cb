"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/http/action-result";
import { useToast } from "./toast";

type SuccessToast = { title: string; description?: string };

export type UseActionOptions<T> = {
  /** Toast on success (a title, or a title and description); omit for a success the caller shows itself. */
  success?: string | ((data: T) => string | SuccessToast);
  /** Toast title for a refusal (its message becomes the description); omit to show `failure` inline. */
  failureToast?: string;
  /** Re-render the page's server components afterwards, for actions that do not revalidate on the server. */
  refresh?: boolean;
  /** Empty the submitted form after a success. */
  resetForm?: boolean;
  /** Runs once per success, with the form it came from when it was a form submission. */
  onSuccess?: (data: T, form: HTMLFormElement | null) => void;
};

/**
 * The one way a client component runs a server action: pending state, the last answer with its
 * per-field errors (the ValidationError shape) for the form, an optional toast either way, and an
 * optional refresh. A form submits through `onSubmit` rather than its `action` prop so React does
 * not reset what the person typed when the server refuses it.
 */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<ActionResult<T>>, options: UseActionOptions<T> = {}) {
  const router = useRouter();
  const { toast } = useToast();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<ActionResult<T> | null>(null);

  function settle(args: A, form: HTMLFormElement | null): Promise<ActionResult<T>> {
    return new Promise((resolve) => {
      startTransition(async () => {
        const result = await action(...args);
        setState(result);
        if (result.ok) {
          const said = typeof options.success === "function" ? options.success(result.data) : options.success;
          if (said) toast({ ...(typeof said === "string" ? { title: said } : said), variant: "success" });
          if (options.resetForm) form?.reset();
          options.onSuccess?.(result.data, form);
          if (options.refresh) router.refresh();
        } else if (options.failureToast) {
          toast({ title: options.failureToast, description: result.message, variant: "error" });
        }
        resolve(result);
      });
    });
  }

  const run = (...args: A) => settle(args, null);
  /** For `<form onSubmit>`: the form's fields (and the button that submitted it) become the action's one argument. */
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const formData = new FormData(form, (event.nativeEvent as SubmitEvent).submitter);
    void settle([formData] as unknown as A, form);
  };
  const fieldError = (name: string) => (state && !state.ok ? state.fieldErrors?.[name]?.[0] : undefined);
  const failure = state && !state.ok ? state.message : undefined;
  return { run, onSubmit, pending, state, fieldError, failure };
}

/** A server action behind a form: the form's fields in, an answer for `useAction` out. */
export type FormAction<T> = (formData: FormData) => Promise<ActionResult<T>>;
