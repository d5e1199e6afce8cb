import { EmptyState, Table, TableBody, TableCell, TableRow, TableHeadings, rightAligned } from "@/components/ui";
import type { LastAccessRow } from "@/lib/analytics/last-access";
import type { ApiSubscriptionsRow } from "@/lib/analytics/subscriptions-over-time";
import { formatCount, formatDateTime } from "./format";

const num = "text-right tabular-nums";

export function LastAccessTable({ rows }: { rows: LastAccessRow[] }) {
  if (!rows.length) return <EmptyState title="No APIs yet" description="Create an API in the publisher portal; once it is called through the gateway, its last access shows here." />;
  return (
    <Table>
      <caption className="sr-only">When each API was last called</caption>
      <TableHeadings columns={["API", "Context", "State", "Last call"]} />
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.apiId}>
            <TableCell className="font-medium">
              {row.apiName} <span className="text-zinc-500">{row.apiVersion}</span>
            </TableCell>
            <TableCell>
              <code className="text-xs">{row.context}</code>
            </TableCell>
            <TableCell>{row.state}</TableCell>
            <TableCell>{formatDateTime(row.lastCallAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function SubscriptionsTable({ rows }: { rows: ApiSubscriptionsRow[] }) {
  if (!rows.length) return <EmptyState title="No subscriptions yet" description="When developers subscribe applications to your APIs in the developer portal, they are counted here." />;
  return (
    <Table>
      <caption className="sr-only">Subscriptions per API</caption>
      <TableHeadings columns={["API", ...rightAligned("Subscriptions", "New in range")]} />
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.apiId}>
            <TableCell className="font-medium">
              {row.apiName} <span className="text-zinc-500">{row.apiVersion}</span>
            </TableCell>
            <TableCell className={num}>{formatCount(row.total)}</TableCell>
            <TableCell className={num}>{formatCount(row.createdInRange)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
