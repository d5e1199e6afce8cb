"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionResult } from "@/lib/http/action-result";

export type AdminFormAction<T> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * A server action behind a form, submitted from onSubmit so React keeps what the admin typed when
 * the server refuses it; `onSuccess` runs once per successful answer.
 */
export function useAdminForm<T>(action: AdminFormAction<T>, onSuccess?: (data: T, form: HTMLFormElement | null) => void) {
  const [state, dispatch, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement | null>(null);
  const handled = useRef<ActionResult<T> | null>(null);
  const success = useRef(onSuccess);
  useEffect(() => {
    success.current = onSuccess;
  });
  useEffect(() => {
    if (state?.ok && handled.current !== state) {
      handled.current = state;
      success.current?.(state.data, form.current);
    }
  }, [state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.current = event.currentTarget;
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };
  const fieldError = (name: string) => (state && !state.ok ? state.fieldErrors?.[name]?.[0] : undefined);
  const failure = state && !state.ok ? state.message : undefined;
  return { pending, onSubmit, fieldError, failure };
}
