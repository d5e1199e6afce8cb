import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

/** Props Field hands to its control so the label, hint and error are announced with it. */
export type FieldControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  required?: boolean;
};

export type FieldProps = {
  label: ReactNode;
  /** One control element (Input, Textarea, Select, NativeSelect…) or a render function for custom controls. */
  children: ReactElement<Partial<FieldControlProps>> | ((control: FieldControlProps) => ReactNode);
  hint?: ReactNode;
  error?: ReactNode;
  /** Control id; generated when omitted. */
  id?: string;
  required?: boolean;
  className?: string;
};

// Deliberately not "use client": useId is one of the hooks React supports in server
// components, so server-rendered forms get wired ids without shipping this file to the browser.
export function Field({ label, children, hint, error, id, required, className }: FieldProps) {
  const generatedId = useId();
  const child = typeof children === "function" ? null : isValidElement(children) ? children : null;
  const controlId = child?.props.id ?? id ?? generatedId;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;

  const describedBy =
    [hintId, errorId, child?.props["aria-describedby"]].filter(Boolean).join(" ") || undefined;
  const controlProps: FieldControlProps = {
    id: controlId,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    required: required || child?.props.required || undefined,
  };

  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={controlId}>
        {label}
        {required && (
          <span aria-hidden="true" className="ms-0.5 text-red-600 dark:text-red-400">
            *
          </span>
        )}
      </Label>
      {typeof children === "function" ? children(controlProps) : child ? cloneElement(child, controlProps) : children}
      {hint && (
        <p id={hintId} className="text-sm text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} role="alert" className="text-sm font-medium text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
