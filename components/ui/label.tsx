"use client";

import type { ComponentProps } from "react";
import { Label as LabelPrimitive } from "radix-ui";
import { cn } from "./cn";

export type LabelProps = ComponentProps<typeof LabelPrimitive.Root>;

// Radix's label stops double-click from selecting the label text; otherwise it is a plain <label>.
export function Label({ className, ...props }: LabelProps) {
  return (
    <LabelPrimitive.Root
      className={cn("text-sm font-medium text-zinc-800 select-none dark:text-zinc-200", className)}
      {...props}
    />
  );
}
