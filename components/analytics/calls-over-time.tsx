import type { UsageSeries, UsageTotals } from "@/lib/analytics/usage-totals";
import { SERIES_COLORS } from "./colors";
import { CsvLink } from "./csv-link";
import { NoUsage } from "./no-usage";
import { Section } from "./section";
import { TimeSeriesChart } from "./time-series-chart";

const CALL_SERIES = [
  { key: "calls", label: "Calls", color: SERIES_COLORS.calls },
  { key: "errors", label: "Errors", color: SERIES_COLORS.errors },
  { key: "throttled", label: "Throttled", color: SERIES_COLORS.throttled },
];

/** Calls, errors and throttled calls over the chosen range, with its CSV export; every dashboard opens with it. */
export function CallsOverTime({ totals, series, label, exportHref, query }: { totals: UsageTotals; series: UsageSeries; label: string; exportHref: string; query: string }) {
  return (
    <Section title="Calls over time" actions={<CsvLink href={exportHref} query={query} />}>
      {totals.calls ? <TimeSeriesChart label={label} points={series.points} granularity={series.range.granularity} series={CALL_SERIES} /> : <NoUsage />}
    </Section>
  );
}
