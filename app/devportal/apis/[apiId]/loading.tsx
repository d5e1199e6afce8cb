import { Skeleton, SkeletonText } from "@/components/ui";

export default function ApiLoading() {
  return (
    <div aria-busy="true" className="grid gap-6 lg:grid-cols-3">
      <span className="sr-only">Loading…</span>
      <div className="grid gap-4 lg:col-span-2">
        <Skeleton className="h-24 w-full" />
        <SkeletonText lines={6} />
      </div>
      <Skeleton className="h-56 w-full" />
    </div>
  );
}
