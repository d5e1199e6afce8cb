import { Skeleton, SkeletonText } from "@/components/ui";

export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="grid gap-4">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-9 w-full max-w-2xl" />
      <div className="grid gap-4 rounded-xl border border-zinc-200 p-6 dark:border-zinc-800">
        <SkeletonText lines={4} />
        <Skeleton className="h-40 w-full" />
      </div>
    </div>
  );
}
