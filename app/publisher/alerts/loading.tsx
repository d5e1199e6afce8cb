import { Skeleton } from "@/components/ui";

export default function AlertsLoading() {
  return (
    <div aria-busy="true" aria-label="Loading alerts" className="grid gap-6">
      <Skeleton className="h-10 w-64" />
      <Skeleton className="h-40 rounded-xl" />
      <Skeleton className="h-56 rounded-xl" />
    </div>
  );
}
