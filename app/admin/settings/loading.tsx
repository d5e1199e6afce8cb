import { Skeleton } from "@/components/ui";

export default function SettingsLoading() {
  return (
    <div aria-busy="true" aria-label="Loading settings" className="grid max-w-xl gap-5">
      <Skeleton className="h-8 w-40" />
      <Skeleton className="h-16" />
      <Skeleton className="h-16" />
    </div>
  );
}
