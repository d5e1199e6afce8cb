import { Badge, EmptyState, Table, TableBody, TableCell, TableRow, TableHeadings, rightAligned } from "@/components/ui";
import type { GatewayInstanceRow } from "@/lib/analytics/platform-overview";
import { formatDateTime } from "./format";

const STATUS = { up: { tone: "success", label: "up" }, late: { tone: "warning", label: "late" }, gone: { tone: "danger", label: "not reporting" } } as const;

function age(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Gateway processes that reported in the last day, with how fresh their view of the control plane is. */
export function GatewayTable({ rows }: { rows: GatewayInstanceRow[] }) {
  if (!rows.length) {
    return <EmptyState title="No gateway has reported yet" description="Each gateway process (the one inside npm start, and every npm run gateway) reports here every 10 seconds once it is running." />;
  }
  return (
    <Table>
      <caption className="sr-only">Gateway processes</caption>
      <TableHeadings columns={["Process", "Mount", "Status", "Last report", ...rightAligned("Snapshot version", "Snapshot age"), "Started"]} />
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell className="font-medium">
              {row.hostname} <code className="text-xs text-zinc-500">{row.id.slice(0, 12)}</code>
            </TableCell>
            <TableCell>{row.mount}</TableCell>
            <TableCell>
              <Badge tone={STATUS[row.status].tone}>{STATUS[row.status].label}</Badge>
            </TableCell>
            <TableCell>{age(row.lastSeenSecondsAgo)} ago</TableCell>
            <TableCell className="text-right tabular-nums">{row.snapshotVersion}</TableCell>
            <TableCell className="text-right tabular-nums">{age(row.snapshotAgeSeconds)}</TableCell>
            <TableCell>{formatDateTime(row.startedAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
