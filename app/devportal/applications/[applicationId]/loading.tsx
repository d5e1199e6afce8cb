import { Skeleton, SkeletonText } from "@/components/ui";

export default function ApplicationLoading() {
  return (
    <div aria-busy="true" className="grid max-w-2xl gap-4">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-9 w-64" />
      <SkeletonText lines={5} />
    </div>
  );
}
