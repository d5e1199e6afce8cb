import "server-only";
import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { readPlatformSettings } from "@/lib/users/platform-settings";
import { ANALYTICS_LOCK_NAMESPACE, LOCK_KEYS } from "./rollup";
import { queryRows } from "./sql";

const DAY_MS = 86_400_000;

/** How long each kind of usage data is kept, in days, given the configured retention. */
export function retentionPlan(retentionDays: number) {
  return {
    rawEvents: Math.min(7, retentionDays),
    minute: Math.min(7, retentionDays),
    hour: Math.min(90, retentionDays),
    day: retentionDays,
  };
}

export type PurgeResult = { skipped: true } | { skipped: false; events: number; minute: number; hour: number; day: number };

/**
 * Deletes raw events older than 7 days that every granularity has rolled up, minute roll-ups older
 * than 7 days, hour roll-ups older than 90 days, and day roll-ups older than `analytics.retention_days`
 * (default 90; each shorter period is capped by it too). One process at a time (advisory lock).
 */
export async function purgeUsage(db: Database, now = new Date()): Promise<PurgeResult> {
  const plan = retentionPlan((await readPlatformSettings(db)).analyticsRetentionDays);
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(${sql.raw(String(ANALYTICS_LOCK_NAMESPACE))}, ${sql.raw(String(LOCK_KEYS.purge))}) as locked`,
    );
    if (!lock?.locked) return { skipped: true } as const;
    const [cursor] = await queryRows<{ done: string | number | null; cursors: string | number }>(
      tx,
      sql`select min(last_event_id) as done, count(*) as cursors from rollup_cursors`,
    );
    // Until all three granularities have a cursor, no event counts as rolled up everywhere.
    const rolledUpTo = Number(cursor?.cursors ?? 0) === 3 ? Number(cursor?.done ?? 0) : 0;
    const [deleted] = await queryRows<{ n: string | number }>(
      tx,
      sql`with d as (delete from usage_events where id <= ${rolledUpTo} and at < ${before(plan.rawEvents).toISOString()}::timestamptz returning 1) select count(*) as n from d`,
    );
    const events = Number(deleted?.n ?? 0);
    const rollups = async (granularity: "minute" | "hour" | "day", days: number) => {
      const cutoff = before(days);
      const g = sql.raw(`'${granularity}'`);
      const [main] = await queryRows<{ n: string | number }>(
        tx,
        sql`with d as (delete from usage_rollups where granularity = ${g} and bucket < ${cutoff.toISOString()}::timestamptz returning 1) select count(*) as n from d`,
      );
      await tx.execute(sql`delete from usage_error_rollups where granularity = ${g} and bucket < ${cutoff.toISOString()}::timestamptz`);
      return Number(main?.n ?? 0);
    };
    return {
      skipped: false,
      events,
      minute: await rollups("minute", plan.minute),
      hour: await rollups("hour", plan.hour),
      day: await rollups("day", plan.day),
    } as const;
  });
}
