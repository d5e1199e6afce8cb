import type { ComponentProps } from "react";
import { cn } from "./cn";

export type TableProps = ComponentProps<"table"> & { wrapperClassName?: string };

// The wrapper scrolls sideways on narrow screens instead of squashing columns; modern
// browsers make such scroll containers keyboard-focusable on their own.
export function Table({ className, wrapperClassName, ...props }: TableProps) {
  return (
    <div
      className={cn(
        "w-full overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900",
        wrapperClassName,
      )}
    >
      <table className={cn("w-full caption-bottom border-collapse text-left text-sm", className)} {...props} />
    </div>
  );
}

export function TableCaption({ className, ...props }: ComponentProps<"caption">) {
  return <caption className={cn("px-4 py-3 text-sm text-zinc-500 dark:text-zinc-400", className)} {...props} />;
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return (
    <thead
      className={cn("border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60", className)}
      {...props}
    />
  );
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return <tbody className={cn("divide-y divide-zinc-200 dark:divide-zinc-800", className)} {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("transition-colors hover:bg-zinc-50 dark:hover:bg-zinc-800/50", className)} {...props} />;
}

// scope="col" by default so screen readers announce the column name with each cell.
export function TableHead({ className, scope = "col", ...props }: ComponentProps<"th">) {
  return (
    <th
      scope={scope}
      className={cn(
        "px-4 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-zinc-600 uppercase dark:text-zinc-400",
        className,
      )}
      {...props}
    />
  );
}

/** A column heading: its label, or the label and its alignment (figures line up on the right). */
export type TableColumn = string | { label: string; align: "right" };

export type TableHeadingsProps = {
  /** Falsy entries are left out, so a column shown only to some reads `canManage && "Actions"`. */
  columns: readonly (TableColumn | false | null | undefined)[];
  /**
   * Adds a last column over per-row buttons whose heading is visually hidden but still read out
   * ("Actions", "Remove"), so the buttons' column is named for screen readers without a visible label.
   */
  actions?: string;
};

/** Columns of figures, right-aligned so their digits line up. */
export function rightAligned(...labels: string[]): TableColumn[] {
  return labels.map((label) => ({ label, align: "right" }));
}

/** The header row of a table, from its column labels. */
export function TableHeadings({ columns, actions }: TableHeadingsProps) {
  return (
    <TableHeader>
      <TableRow>
        {columns.map((column, index) => {
          if (!column) return null;
          const { label, align } = typeof column === "string" ? { label: column, align: undefined } : column;
          return (
            <TableHead key={index} className={align === "right" ? "text-right" : undefined}>
              {label}
            </TableHead>
          );
        })}
        {actions && (
          <TableHead>
            <span className="sr-only">{actions}</span>
          </TableHead>
        )}
      </TableRow>
    </TableHeader>
  );
}

export function TableCell({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-4 py-3 align-middle text-zinc-800 dark:text-zinc-200", className)} {...props} />;
}
