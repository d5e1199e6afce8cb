import { EmptyState } from "@/components/ui";

/** What an empty dashboard says: how usage data gets there. */
export function NoUsage({ what = "usage" }: { what?: string }) {
  return (
    <EmptyState
      title={`No ${what} in this time range`}
      description="Call an API through the gateway and usage shows up within a minute. Try a longer time range if calls were made earlier."
    />
  );
}
