import { Skeleton } from "@/components/ui";

export default function AuditLoading() {
  return (
    <div aria-busy="true" aria-label="Loading the audit log" className="grid gap-4">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-9 w-full max-w-xl" />
      <Skeleton className="h-96 rounded-xl" />
    </div>
  );
}
