import { Badge, Table, TableBody, TableCell, TableRow, TableHeadings, rightAligned } from "@/components/ui";
import type { ApiUsageRow, ApplicationUsageRow, ResourceUsageRow } from "@/lib/analytics/usage-breakdowns";
import { formatCount, formatDateTime, formatMs, formatPercent } from "./format";
import { NoUsage } from "./no-usage";

const num = "text-right tabular-nums";

const FIGURE_COLUMNS = rightAligned("Calls", "Errors", "Throttled", "Error rate", "Avg latency", "p95 latency");

function FigureCells({ row }: { row: ApiUsageRow | ApplicationUsageRow | ResourceUsageRow }) {
  return (
    <>
      <TableCell className={num}>{formatCount(row.calls)}</TableCell>
      <TableCell className={num}>{formatCount(row.errors)}</TableCell>
      <TableCell className={num}>{formatCount(row.throttled)}</TableCell>
      <TableCell className={num}>{formatPercent(row.errorRate)}</TableCell>
      <TableCell className={num}>{formatMs(row.avgLatencyMs)}</TableCell>
      <TableCell className={num}>{formatMs(row.latency.p95)}</TableCell>
    </>
  );
}

export function ApiUsageTable({ rows, caption }: { rows: ApiUsageRow[]; caption: string }) {
  if (!rows.length) return <NoUsage />;
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeadings columns={["API", ...FIGURE_COLUMNS, "Last call"]} />
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.apiId}>
            <TableCell className="font-medium">
              {row.apiName} <span className="text-zinc-500">{row.apiVersion}</span>
            </TableCell>
            <FigureCells row={row} />
            <TableCell>{formatDateTime(row.lastCallAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ApplicationUsageTable({ rows, caption, showOwner = true }: { rows: ApplicationUsageRow[]; caption: string; showOwner?: boolean }) {
  if (!rows.length) return <NoUsage />;
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeadings columns={["Application", showOwner && "Owner", ...FIGURE_COLUMNS, "Last call"]} />
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.applicationId || "anonymous"}>
            <TableCell className="font-medium">{row.applicationName}</TableCell>
            {showOwner && <TableCell>{row.owner || "–"}</TableCell>}
            <FigureCells row={row} />
            <TableCell>{formatDateTime(row.lastCallAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ResourceUsageTable({ rows, caption }: { rows: ResourceUsageRow[]; caption: string }) {
  if (!rows.length) return <NoUsage />;
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeadings columns={["API", "Resource", ...FIGURE_COLUMNS]} />
      <TableBody>
        {rows.map((row) => (
          <TableRow key={`${row.apiId} ${row.apiVersion} ${row.method} ${row.resource}`}>
            <TableCell className="font-medium">
              {row.apiName} <span className="text-zinc-500">{row.apiVersion}</span>
            </TableCell>
            <TableCell>
              <Badge>{row.method}</Badge> <code className="text-xs">{row.resource.replace(/^[A-Z]+ /, "")}</code>
            </TableCell>
            <FigureCells row={row} />
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
