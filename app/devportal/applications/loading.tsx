import { Skeleton } from "@/components/ui";

export default function ApplicationsLoading() {
  return (
    <div aria-busy="true" className="grid gap-3">
      <span className="sr-only">Loading applications…</span>
      <Skeleton className="mb-4 h-8 w-56" />
      {Array.from({ length: 4 }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}
