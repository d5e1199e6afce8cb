import { cn } from "@/components/ui";

/** A read-only star rating; the numbers are in the text for screen readers and sighted users alike. */
export function RatingStars({ average, count, className }: { average: number | null; count: number; className?: string }) {
  const filled = Math.round(average ?? 0);
  return (
    <span className={cn("inline-flex items-center gap-1 text-sm text-zinc-600 dark:text-zinc-400", className)}>
      <span aria-hidden="true" className="tracking-tight text-amber-500">
        {"★".repeat(filled)}
        <span className="text-zinc-300 dark:text-zinc-700">{"★".repeat(5 - filled)}</span>
      </span>
      <span>{average === null ? "Not rated yet" : `${average.toFixed(1)} (${count} rating${count === 1 ? "" : "s"})`}</span>
    </span>
  );
}
