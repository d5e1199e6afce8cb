import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/components/analytics/format";
import { Section } from "@/components/analytics/section";
import { RuleActions } from "@/components/publisher/alert-rule-actions";
import { RuleForm } from "@/components/publisher/alert-rule-form";
import { Badge, EmptyState, PageHeader, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { listAlerts } from "@/lib/analytics/alerts/list-alerts";
import { ALERT_KIND_INFO } from "@/lib/analytics/alerts/kinds";
import { listAlertRules } from "@/lib/analytics/alerts/rules";
import { lastAccessPerApi } from "@/lib/analytics/last-access";
import { requirePortalCtx } from "@/lib/auth/guards";
import { can } from "@/lib/services/context";
import { createRuleAction, deleteRuleAction, setRuleEnabledAction } from "./actions";

export const metadata: Metadata = { title: "Alerts" };

const measured = (kind: keyof typeof ALERT_KIND_INFO, value: number) => `${value.toFixed(kind === "P95_LATENCY" ? 0 : 1)} ${ALERT_KIND_INFO[kind].unit}`;

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ status?: string; page?: string }> }) {
  const ctx = await requirePortalCtx("api:view", "/publisher/alerts");
  const { status = "all", page = "1" } = await searchParams;
  const canManage = can(ctx.actor, "api:publish");
  const [alerts, rules, apis] = await Promise.all([listAlerts({ ctx, input: { status: status === "open" ? "open" : "all", page } }), listAlertRules({ ctx }), lastAccessPerApi({ ctx })]);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Rules on your APIs' p95 latency, error rate and traffic, checked every minute over complete minutes of traffic."
        breadcrumbs={[{ href: "/publisher", label: "Publisher" }]}
      />
      <Section title={`Alerts${alerts.open ? ` (${alerts.open} open)` : ""}`} actions={<Link href={status === "open" ? "?status=all" : "?status=open"} className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-300">{status === "open" ? "Show all" : "Show open only"}</Link>}>
        {alerts.alerts.length ? (
          <Table>
            <caption className="sr-only">Alerts, open ones first</caption>
            <TableHeadings columns={["API", "Rule", "Measured", "Fired", "Status"]} />
            <TableBody>
              {alerts.alerts.map((alert) => (
                <TableRow key={alert.id}>
                  <TableCell className="font-medium">{alert.apiName} <span className="text-zinc-500">{alert.apiVersion}</span></TableCell>
                  <TableCell>{ALERT_KIND_INFO[alert.kind].label} {alert.threshold} {ALERT_KIND_INFO[alert.kind].unit} over {alert.windowMinutes} min</TableCell>
                  <TableCell className="tabular-nums">{measured(alert.kind, alert.value)}</TableCell>
                  <TableCell>{formatDateTime(alert.firedAt)}</TableCell>
                  <TableCell>{alert.resolvedAt ? <Badge tone="success">resolved {formatDateTime(alert.resolvedAt)}</Badge> : <Badge tone="danger">open</Badge>}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <EmptyState title={status === "open" ? "No open alerts" : "No alerts yet"} description="When a rule below is breached, an alert appears here (and its webhook is called). Alerts resolve themselves when the breach ends." />
        )}
        {alerts.pages > 1 && (
          <nav aria-label="Alert pages" className="flex gap-3 text-sm">
            {alerts.page > 1 && <Link href={`?status=${status}&page=${alerts.page - 1}`}>Newer</Link>}
            <span>Page {alerts.page} of {alerts.pages}</span>
            {alerts.page < alerts.pages && <Link href={`?status=${status}&page=${alerts.page + 1}`}>Older</Link>}
          </nav>
        )}
      </Section>
      <Section title="Rules" description={canManage ? undefined : "Publishers manage alert rules; you can see them."}>
        {canManage && apis.length > 0 && <RuleForm action={createRuleAction} apis={apis.map((api) => ({ value: api.apiId, label: `${api.apiName} ${api.apiVersion}` }))} />}
        {rules.length ? (
          <Table>
            <caption className="sr-only">Alert rules</caption>
            <TableHeadings columns={["API", "Condition", "Webhook", "Status", canManage && { label: "Actions", align: "right" }]} />
            <TableBody>
              {rules.map((rule) => (
                <TableRow key={rule.id}>
                  <TableCell className="font-medium">{rule.apiName} <span className="text-zinc-500">{rule.apiVersion}</span></TableCell>
                  <TableCell>{ALERT_KIND_INFO[rule.kind].label} {rule.threshold} {ALERT_KIND_INFO[rule.kind].unit} over {rule.windowMinutes} min</TableCell>
                  <TableCell className="max-w-56 truncate">{rule.webhookUrl ?? "–"}</TableCell>
                  <TableCell>{rule.enabled ? <Badge tone="success">active</Badge> : <Badge>paused</Badge>}</TableCell>
                  {canManage && <TableCell><RuleActions enabled={rule.enabled} toggle={setRuleEnabledAction.bind(null, rule.id, !rule.enabled)} remove={deleteRuleAction.bind(null, rule.id)} /></TableCell>}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <EmptyState title="No alert rules" description={apis.length ? "Add a rule above to be told when an API gets slow, starts failing or loses traffic." : "Create an API first; then add rules to be told when it gets slow, fails or loses traffic."} />
        )}
      </Section>
    </>
  );
}
