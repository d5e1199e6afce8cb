import type { ComponentProps } from "react";
import { cn } from "./cn";

// Shared by every text-like control so inputs, textareas and selects line up. No display
// utility here: each control picks its own, and two display classes would fight.
export const controlClassName = cn(
  "w-full rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-xs transition-colors",
  "placeholder:text-zinc-400 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500",
  "focus-visible:border-brand-500 focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500",
  "aria-invalid:border-red-500 aria-invalid:focus-visible:outline-red-500 dark:aria-invalid:border-red-400",
  "disabled:cursor-not-allowed disabled:bg-zinc-100 disabled:opacity-60 dark:disabled:bg-zinc-800",
);

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return <input type={type} className={cn(controlClassName, "block h-9 py-1.5", className)} {...props} />;
}

export type TextareaProps = ComponentProps<"textarea">;

export function Textarea({ className, rows = 4, ...props }: TextareaProps) {
  return <textarea rows={rows} className={cn(controlClassName, "block min-h-20 resize-y py-2", className)} {...props} />;
}
