import { Skeleton, SkeletonText } from "@/components/ui";

export default function CatalogueLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading APIs…</span>
      <Skeleton className="mb-2 h-8 w-40" />
      <Skeleton className="mb-8 h-4 w-96 max-w-full" />
      <Skeleton className="mb-6 h-9 w-full" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="rounded-xl border border-zinc-200 p-6 dark:border-zinc-800">
            <Skeleton className="mb-3 h-5 w-1/2" />
            <SkeletonText lines={3} />
          </div>
        ))}
      </div>
    </div>
  );
}
