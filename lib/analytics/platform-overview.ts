import "server-only";
import { desc, sql } from "drizzle-orm";
import { apis, applications, gatewayInstances, subscriptions, users } from "@/db/schema";
import { authorize, type Ctx } from "@/lib/services/context";

export type PlatformCounts = {
  users: number;
  disabledUsers: number;
  apis: number;
  publishedApis: number;
  applications: number;
  subscriptions: number;
};

/** How many of each thing the platform holds, for the admin dashboard. */
export async function platformCounts({ ctx }: { ctx: Ctx }): Promise<PlatformCounts> {
  authorize(ctx, "analytics:all");
  const count = sql<number>`count(*)`.mapWith(Number);
  const [[u], [a], [app], [s]] = await Promise.all([
    ctx.db.select({ total: count, disabled: sql<number>`count(*) filter (where ${users.disabled})`.mapWith(Number) }).from(users),
    ctx.db.select({ total: count, published: sql<number>`count(*) filter (where ${apis.state} = 'PUBLISHED')`.mapWith(Number) }).from(apis),
    ctx.db.select({ total: count }).from(applications),
    ctx.db.select({ total: count }).from(subscriptions),
  ]);
  return {
    users: u.total,
    disabledUsers: u.disabled,
    apis: a.total,
    publishedApis: a.published,
    applications: app.total,
    subscriptions: s.total,
  };
}

export type GatewayInstanceRow = {
  id: string;
  mount: string;
  hostname: string;
  startedAt: string;
  lastSeenAt: string;
  /** Seconds since the process last reported; gateways report every 10 s. */
  lastSeenSecondsAgo: number;
  snapshotVersion: number;
  snapshotBuiltAt: string | null;
  /** Seconds between the snapshot being built and now: how stale the gateway's view of the control plane may be. */
  snapshotAgeSeconds: number | null;
  status: "up" | "late" | "gone";
};

/** Gateway processes that reported in the last day, newest first, with their snapshot age. */
export async function gatewayProcesses({ ctx, now = new Date() }: { ctx: Ctx; now?: Date }): Promise<GatewayInstanceRow[]> {
  authorize(ctx, "analytics:all");
  const rows = await ctx.db
    .select()
    .from(gatewayInstances)
    .where(sql`${gatewayInstances.lastSeenAt} > now() - interval '1 day'`)
    .orderBy(desc(gatewayInstances.lastSeenAt))
    .limit(200);
  return rows.map((row) => {
    const seen = Math.max(0, Math.round((now.getTime() - row.lastSeenAt.getTime()) / 1000));
    return {
      id: row.id,
      mount: row.mount,
      hostname: row.hostname,
      startedAt: row.startedAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      lastSeenSecondsAgo: seen,
      snapshotVersion: row.snapshotVersion,
      snapshotBuiltAt: row.snapshotBuiltAt?.toISOString() ?? null,
      snapshotAgeSeconds: row.snapshotBuiltAt ? Math.max(0, Math.round((now.getTime() - row.snapshotBuiltAt.getTime()) / 1000)) : null,
      status: seen <= 30 ? "up" : seen <= 120 ? "late" : "gone",
    };
  });
}
