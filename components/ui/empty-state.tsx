import type { ReactNode } from "react";
import { cn } from "./cn";

export type EmptyStateProps = {
  title: ReactNode;
  /** Say what to do next ("Create your first API to…"), not just that the list is empty. */
  description: ReactNode;
  icon?: ReactNode;
  actions?: ReactNode;
  /** Heading level that fits the page outline; defaults to h2 (under the page's h1). */
  headingLevel?: 2 | 3 | 4;
  className?: string;
};

export function EmptyState({ title, description, icon, actions, headingLevel = 2, className }: EmptyStateProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div
      className={cn(
        "flex flex-col items-center justify-center rounded-xl border-2 border-dashed border-zinc-300 px-6 py-12 text-center dark:border-zinc-700",
        className,
      )}
    >
      {icon && (
        <div
          aria-hidden="true"
          className="mb-4 flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-600 dark:bg-brand-900/50 dark:text-brand-300 [&_svg]:size-6"
        >
          {icon}
        </div>
      )}
      <Heading className="text-base font-semibold text-zinc-900 dark:text-zinc-100">{title}</Heading>
      <div className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{description}</div>
      {actions && <div className="mt-6 flex flex-wrap items-center justify-center gap-2">{actions}</div>}
    </div>
  );
}
