import type { UsageTotals } from "@/lib/analytics/usage-totals";
import { formatCount, formatMs, formatPercent } from "./format";
import { StatCard, StatGrid } from "./stat-card";

/** The headline figures of a range: calls, error rate, throttled calls, p95 latency. */
export function UsageStats({ totals }: { totals: UsageTotals }) {
  return (
    <StatGrid>
      <StatCard label="Calls" value={formatCount(totals.calls)} hint={`${formatCount(totals.errors)} errors`} />
      <StatCard label="Error rate" value={formatPercent(totals.errorRate)} hint={`${formatCount(totals.serverErrors)} server errors (5xx)`} />
      <StatCard label="Throttled" value={formatCount(totals.throttled)} hint="answered 429 by a throttling tier" />
      {totals.latency.p95 === null && totals.avgLatencyMs !== null ? (
        // Figures per application keep latency sums, not histograms: an average is what there is.
        <StatCard label="Avg latency" value={formatMs(totals.avgLatencyMs)} hint="gateway time, backend included" />
      ) : (
        <StatCard label="p95 latency" value={formatMs(totals.latency.p95)} hint={`p50 ${formatMs(totals.latency.p50)} · p99 ${formatMs(totals.latency.p99)}`} />
      )}
    </StatGrid>
  );
}
