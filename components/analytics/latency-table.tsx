import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui";
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
      <TableHeader>
        <TableRow>
          <TableHead>API</TableHead>
          <TableHead className="text-right">p50</TableHead>
          <TableHead className="text-right">p95</TableHead>
          <TableHead className="text-right">p99</TableHead>
          <TableHead className="text-right">Backend p50</TableHead>
          <TableHead className="text-right">Backend p95</TableHead>
          <TableHead className="text-right">Backend p99</TableHead>
        </TableRow>
      </TableHeader>
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
