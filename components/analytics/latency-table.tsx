import { Table, TableBody, TableCell, TableRow, TableHeadings, rightAligned } from "@/components/ui";
import type { ApiUsageRow } from "@/lib/analytics/usage-breakdowns";
import { formatMs } from "./format";
import { NoUsage } from "./no-usage";

const num = "text-right tabular-nums";

/** Gateway and backend latency percentiles per API. */
export function LatencyTable({ rows }: { rows: ApiUsageRow[] }) {
  if (!rows.length) return <NoUsage what="latency data" />;
  return (
    <Table>
      <caption className="sr-only">Latency percentiles per API, gateway and backend</caption>
      <TableHeadings columns={["API", ...rightAligned("p50", "p95", "p99", "Backend p50", "Backend p95", "Backend p99")]} />
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.apiId}>
            <TableCell className="font-medium">
              {row.apiName} <span className="text-zinc-500">{row.apiVersion}</span>
            </TableCell>
            <TableCell className={num}>{formatMs(row.latency.p50)}</TableCell>
            <TableCell className={num}>{formatMs(row.latency.p95)}</TableCell>
            <TableCell className={num}>{formatMs(row.latency.p99)}</TableCell>
            <TableCell className={num}>{formatMs(row.backendLatency.p50)}</TableCell>
            <TableCell className={num}>{formatMs(row.backendLatency.p95)}</TableCell>
            <TableCell className={num}>{formatMs(row.backendLatency.p99)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
