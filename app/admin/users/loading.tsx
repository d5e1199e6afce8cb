import { Skeleton } from "@/components/ui";

export default function UsersLoading() {
  return (
    <div aria-busy="true" aria-label="Loading users" className="grid gap-4">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-9 w-full max-w-xl" />
      <Skeleton className="h-64 rounded-xl" />
    </div>
  );
}
