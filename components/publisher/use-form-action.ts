"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionResult } from "@/lib/http/action-result";

export type FormAction<T> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * A server action behind a form, submitted from onSubmit rather than the form's `action` prop so
 * React does not reset what the person typed when the server says something is wrong.
 */
export function useFormAction<T>(action: FormAction<T>, onSuccess?: (data: T) => void) {
  const [state, dispatch, pending] = useActionState(action, null);
  const success = useRef(onSuccess);
  const handled = useRef<ActionResult<T> | null>(null);
  useEffect(() => {
    success.current = onSuccess;
  });
  useEffect(() => {
    if (state?.ok && handled.current !== state) {
      handled.current = state;
      success.current?.(state.data);
    }
  }, [state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(formData));
  };
  const fieldError = (name: string) => (state && !state.ok ? state.fieldErrors?.[name]?.[0] : undefined);
  const failure = state && !state.ok ? state.message : undefined;
  return { state, pending, onSubmit, fieldError, failure };
}
