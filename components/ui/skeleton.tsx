import type { ComponentProps } from "react";
import { cn } from "./cn";

// Hidden from assistive tech: the loading region should carry aria-busy or a "Loading…" status instead.
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      aria-hidden="true"
      className={cn("h-4 animate-pulse rounded-md bg-zinc-200 motion-reduce:animate-none dark:bg-zinc-800", className)}
      {...props}
    />
  );
}

export type SkeletonTextProps = { lines?: number; className?: string };

export function SkeletonText({ lines = 3, className }: SkeletonTextProps) {
  return (
    <div aria-hidden="true" className={cn("grid gap-2", className)}>
      {Array.from({ length: lines }, (_, i) => (
        // A shorter last line reads as a paragraph rather than a grid of bars.
        <Skeleton key={i} className={i === lines - 1 && lines > 1 ? "w-3/5" : "w-full"} />
      ))}
    </div>
  );
}
