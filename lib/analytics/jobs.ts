import "server-only";
import type { Database } from "@/db/client";
import { config } from "@/lib/config";
import { evaluateAlerts } from "./alerts/evaluate";
import { purgeUsage } from "./retention";
import { latestEventId, rollUpUsage } from "./rollup";
import { logger } from "@/lib/observability/log-core";

const log = logger("analytics");

export type AnalyticsJobOptions = {
  rollupEveryMs?: number;
  alertsEveryMs?: number;
  purgeEveryMs?: number;
  /**
   * How old an observed "newest event id" must be before the roll-up goes up to it. Event ids are
   * handed out before a gateway's insert commits, so a lower id can still become visible after a
   * higher one; waiting this long for a batch insert to commit keeps it from being skipped.
   */
  settleMs?: number;
};

/**
 * The portal process's periodic analytics work: the roll-up every 30 s, alert rules every minute and
 * the retention purge a minute after start and then daily. Every job is safe to run in several
 * processes at once. Returns a function that stops the timers and waits for a running job.
 */
export function startAnalyticsJobs(db: Database, options: AnalyticsJobOptions = {}): () => Promise<void> {
  const { rollupEveryMs = 30_000, alertsEveryMs = 60_000, purgeEveryMs = 86_400_000, settleMs = 15_000 } = options;
  const observations: { at: number; id: number }[] = [];
  const running = new Set<Promise<unknown>>();
  const busy = new Set<string>();

  const run = (name: string, job: () => Promise<unknown>) => {
    if (busy.has(name)) return;
    busy.add(name);
    const task = job()
      .catch((error: unknown) => log.error({ err: error, job: name }, "analytics job failed"))
      .finally(() => {
        busy.delete(name);
        running.delete(task);
      });
    running.add(task);
  };

  const observe = () =>
    run("observe", async () => {
      observations.push({ at: Date.now(), id: await latestEventId(db) });
      while (observations.length > 2 && observations[1].at <= Date.now() - settleMs) observations.shift();
    });

  const rollup = () =>
    run("roll-up", async () => {
      const settled = observations.filter((o) => o.at <= Date.now() - settleMs).at(-1);
      if (settled) await rollUpUsage(db, { upToEventId: settled.id });
    });

  const timers = [
    setInterval(observe, Math.max(1000, Math.floor(settleMs / 2))),
    setInterval(rollup, rollupEveryMs),
    setInterval(() => run("alerts", () => evaluateAlerts(db, { allowPrivate: config().allowPrivateEndpoints })), alertsEveryMs),
    setInterval(() => run("purge", () => purgeUsage(db)), purgeEveryMs),
  ];
  const firstPurge = setTimeout(() => run("purge", () => purgeUsage(db)), 60_000);
  for (const timer of [...timers, firstPurge]) timer.unref();
  observe();

  return async () => {
    for (const timer of timers) clearInterval(timer);
    clearTimeout(firstPurge);
    await Promise.allSettled([...running]);
  };
}
