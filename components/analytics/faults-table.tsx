import { Badge, EmptyState, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import type { FaultRow } from "@/lib/analytics/faults";
import { formatCount, formatDateTime } from "./format";

const num = "text-right tabular-nums";

export function FaultsTable({ rows, caption }: { rows: FaultRow[]; caption: string }) {
  if (!rows.length) {
    return <EmptyState title="No failed calls in this time range" description="Calls that end in a 4xx or 5xx answer, throttled ones included, are listed here by status and gateway error code." />;
  }
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeadings columns={["API", "Status", "Code", "What happened", { label: "Calls", align: "right" }, "Last"]} />
      <TableBody>
        {rows.map((row) => (
          <TableRow key={`${row.apiId} ${row.status} ${row.errorCode}`}>
            <TableCell className="font-medium">{row.apiName}</TableCell>
            <TableCell>
              <Badge tone={row.throttled ? "warning" : row.status >= 500 ? "danger" : "neutral"}>{row.status}</Badge>
            </TableCell>
            <TableCell className="tabular-nums">{row.errorCode || "–"}</TableCell>
            <TableCell>{row.description}</TableCell>
            <TableCell className={num}>{formatCount(row.calls)}</TableCell>
            <TableCell>{formatDateTime(row.lastCallAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
