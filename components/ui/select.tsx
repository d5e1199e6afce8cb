"use client";

import { useState, type ComponentProps } from "react";
import { Select as SelectPrimitive } from "radix-ui";
import { cn } from "./cn";
import { controlClassName } from "./input";

export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectProps = {
  /** Form field name. Inside a <form>, Radix renders a hidden native <select> with this name so the value is submitted. */
  name?: string;
  /** Values must be non-empty: Radix treats "" as "nothing selected" and shows the placeholder. */
  options: SelectOption[];
  defaultValue?: string;
  value?: string;
  onValueChange?: (value: string) => void;
  placeholder?: string;
  id?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
  disabled?: boolean;
  required?: boolean;
  /** Id of a <form> elsewhere in the document, like the native `form` attribute. */
  form?: string;
  className?: string;
};

function Chevron({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={cn("size-4 shrink-0", className)}>
      <path
        fillRule="evenodd"
        d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z"
        clipRule="evenodd"
      />
    </svg>
  );
}

export function Select({
  name,
  options,
  defaultValue,
  value,
  onValueChange,
  placeholder = "Select…",
  id,
  disabled,
  required,
  form,
  className,
  ...aria
}: SelectProps) {
  // Tracked here (not left to Radix) so the selected label can be rendered as plain text:
  // Radix fills it in only after hydration, which leaves server HTML showing an empty box.
  const [uncontrolled, setUncontrolled] = useState(defaultValue ?? "");
  const current = value ?? uncontrolled;
  const selectedLabel = options.find((option) => option.value === current)?.label;

  return (
    <SelectPrimitive.Root
      name={name}
      value={current}
      onValueChange={(next) => {
        setUncontrolled(next);
        onValueChange?.(next);
      }}
      disabled={disabled}
      required={required}
      form={form}
    >
      <SelectPrimitive.Trigger
        id={id}
        {...aria}
        className={cn(
          controlClassName,
          "flex h-9 items-center justify-between gap-2 py-1.5 text-left data-placeholder:text-zinc-400 dark:data-placeholder:text-zinc-500",
          className,
        )}
      >
        <span className="truncate">
          <SelectPrimitive.Value placeholder={placeholder}>{selectedLabel}</SelectPrimitive.Value>
        </span>
        <SelectPrimitive.Icon>
          <Chevron className="text-zinc-500" />
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content
          position="popper"
          sideOffset={4}
          className="relative z-50 max-h-(--radix-select-content-available-height) min-w-(--radix-select-trigger-width) overflow-hidden rounded-md border border-zinc-200 bg-white text-sm text-zinc-900 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        >
          <SelectPrimitive.ScrollUpButton className="flex h-6 items-center justify-center">
            <Chevron className="rotate-180" />
          </SelectPrimitive.ScrollUpButton>
          <SelectPrimitive.Viewport className="p-1">
            {options.map((option) => (
              <SelectPrimitive.Item
                key={option.value}
                value={option.value}
                disabled={option.disabled}
                className="relative flex cursor-default items-center rounded py-1.5 ps-7 pe-2 outline-none select-none data-disabled:pointer-events-none data-disabled:opacity-50 data-highlighted:bg-brand-50 data-highlighted:text-brand-900 dark:data-highlighted:bg-brand-900/60 dark:data-highlighted:text-brand-50"
              >
                <SelectPrimitive.ItemIndicator className="absolute start-2 inline-flex items-center">
                  <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4">
                    <path
                      fillRule="evenodd"
                      d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.3a1 1 0 0 1 1.4 0Z"
                      clipRule="evenodd"
                    />
                  </svg>
                </SelectPrimitive.ItemIndicator>
                <SelectPrimitive.ItemText>{option.label}</SelectPrimitive.ItemText>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
          <SelectPrimitive.ScrollDownButton className="flex h-6 items-center justify-center">
            <Chevron />
          </SelectPrimitive.ScrollDownButton>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}

export type NativeSelectProps = ComponentProps<"select"> & {
  /** Rendered as <option>s; you may pass <option> children instead. */
  options?: SelectOption[];
  /** Shown as a disabled empty first option until the user picks something. */
  placeholder?: string;
};

// A real <select>: client components are still server-rendered, so this submits even before
// hydration (Radix's hidden select only gets its options once JavaScript runs).
export function NativeSelect({ options, placeholder, className, children, defaultValue, value, ...props }: NativeSelectProps) {
  // Without this the browser would preselect the first real option and the placeholder would never show.
  const initial = placeholder !== undefined && value === undefined && defaultValue === undefined ? "" : defaultValue;
  return (
    <div className="relative">
      <select
        className={cn(controlClassName, "block h-9 appearance-none py-1.5 pe-9", className)}
        defaultValue={initial}
        value={value}
        {...props}
      >
        {placeholder !== undefined && (
          <option value="" disabled>
            {placeholder}
          </option>
        )}
        {options?.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
      <Chevron className="pointer-events-none absolute end-3 top-1/2 -translate-y-1/2 text-zinc-500" />
    </div>
  );
}
