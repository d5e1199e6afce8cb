import type { Database } from "@/db/client";
import { faultsByCode } from "@/lib/analytics/faults";
import { lastAccessPerApi } from "@/lib/analytics/last-access";
import { gatewayProcesses, platformCounts } from "@/lib/analytics/platform-overview";
import { subscriptionsOverTime } from "@/lib/analytics/subscriptions-over-time";
import { usageByApi, usageByApplication, usageByResource } from "@/lib/analytics/usage-breakdowns";
import { usageOverTime, usageTotals } from "@/lib/analytics/usage-totals";
import { listApplications } from "@/lib/devportal/applications";
import type { Actor, Ctx } from "@/lib/services/context";
import type { BenchActors } from "./analytics-data";

type Calls = Record<string, () => Promise<unknown>>;

export type Dashboard = {
  name: string;
  /** Which bench actor views it. */
  actor: keyof BenchActors;
  /** The service calls the page (and its layout) make for one request, keyed by a short label. */
  calls: (ctx: Ctx, input: { range: string }) => Calls;
};

/** The publisher analytics layout renders beside every tab, so each tab's server time includes it. */
const publisherLayout = (ctx: Ctx): Calls => ({ "layout.lastAccess": () => lastAccessPerApi({ ctx }) });

/** Every dashboard page, with exactly the calls its page.tsx (and layout) makes in one request. */
export const DASHBOARDS: Dashboard[] = [
  {
    name: "publisher/analytics",
    actor: "publisher",
    calls: (ctx, input) => {
      const args = { ctx, audience: "publisher" as const, input };
      return {
        ...publisherLayout(ctx),
        totals: () => usageTotals(args),
        series: () => usageOverTime(args),
        byApi: () => usageByApi(args),
        byApp: () => usageByApplication({ ...args, limit: 10 }),
      };
    },
  },
  {
    name: "publisher/analytics/traffic",
    actor: "publisher",
    calls: (ctx, input) => {
      const args = { ctx, audience: "publisher" as const, input };
      return { ...publisherLayout(ctx), byResource: () => usageByResource(args), byApp: () => usageByApplication(args) };
    },
  },
  {
    name: "publisher/analytics/latency",
    actor: "publisher",
    calls: (ctx, input) => {
      const args = { ctx, audience: "publisher" as const, input };
      return { ...publisherLayout(ctx), totals: () => usageTotals(args), series: () => usageOverTime(args), byApi: () => usageByApi(args) };
    },
  },
  {
    name: "publisher/analytics/faults",
    actor: "publisher",
    calls: (ctx, input) => {
      const args = { ctx, audience: "publisher" as const, input };
      return { ...publisherLayout(ctx), totals: () => usageTotals(args), series: () => usageOverTime(args), faults: () => faultsByCode(args) };
    },
  },
  {
    name: "publisher/analytics/subscriptions",
    actor: "publisher",
    calls: (ctx, input) => ({
      ...publisherLayout(ctx),
      subscriptions: () => subscriptionsOverTime({ ctx, input }),
      lastAccess: () => lastAccessPerApi({ ctx }),
    }),
  },
  {
    name: "devportal/usage",
    actor: "developer",
    calls: (ctx, input) => {
      const args = { ctx, audience: "consumer" as const, input };
      return {
        applications: () => listApplications({ ctx }),
        totals: () => usageTotals(args),
        series: () => usageOverTime(args),
        byApi: () => usageByApi(args),
        byApp: () => usageByApplication(args),
        faults: () => faultsByCode(args),
      };
    },
  },
  {
    name: "admin/dashboard",
    actor: "admin",
    calls: (ctx, input) => {
      const args = { ctx, audience: "platform" as const, input };
      return {
        counts: () => platformCounts({ ctx }),
        totals: () => usageTotals(args),
        series: () => usageOverTime(args),
        byApi: () => usageByApi({ ...args, limit: 10 }),
        byApp: () => usageByApplication({ ...args, limit: 10 }),
        gateways: () => gatewayProcesses({ ctx }),
      };
    },
  },
];

export type DashboardRun = { totalMs: number; callMs: Record<string, number> };

/** One request's worth of a dashboard: its calls concurrently, as the page awaits them in one Promise.all. */
export async function runDashboard(db: Database, actor: Actor, dashboard: Dashboard, range: string): Promise<DashboardRun> {
  const calls = dashboard.calls({ db, actor }, { range });
  const callMs: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    Object.entries(calls).map(async ([label, call]) => {
      const t = performance.now();
      await call();
      callMs[label] = performance.now() - t;
    }),
  );
  return { totalMs: performance.now() - started, callMs };
}
