import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { rollUpUsage } from "@/lib/analytics/rollup";
import { ensureCatalogue, eventsState, generateEvents } from "./analytics-data";
import { DASHBOARDS, runDashboard, type DashboardRun } from "./analytics-dashboards";

/**
 * `npm run bench:analytics`: the analytics dashboards over BENCH_EVENTS synthetic usage events
 * (default 10 million, 30 days). Not a test. Generates the events set-based in Postgres, rolls them
 * up and reports events/s, then times every dashboard page's server-side calls for each range the
 * range picker offers (BENCH_REPEATS times after one warm-up, median and max). Prints a table and
 * writes bench/results/analytics-<time>.json.
 *
 * Re-runnable: the events are kept when the database already holds BENCH_EVENTS of them and the
 * newest is under BENCH_MAX_AGE_MINUTES (default 30) old, so that "last hour" still has traffic;
 * BENCH_REGENERATE=1 forces new events, BENCH_REROLL=1 redoes the roll-up over kept events.
 */
const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/portcullis_bench";
const eventCount = Number(process.env.BENCH_EVENTS ?? 10_000_000);
const repeats = Number(process.env.BENCH_REPEATS ?? 5);
const maxAgeMinutes = Number(process.env.BENCH_MAX_AGE_MINUTES ?? 30);
const RANGES = ["1h", "24h", "7d", "30d"] as const;
const BUDGET_MS = 300;

const log = (line: string) => console.log(line);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main() {
  if (new URL(url).pathname.replace(/^\//, "") === "test") throw new Error("BENCH_DATABASE_URL names the test suite's database `test`; use another one");
  const handle = await openDatabase({ driver: "pg", url, maxConnections: 10 });
  try {
    const db = handle.db;
    await handle.migrate();
    const actors = await ensureCatalogue(db);

    const state = await eventsState(db);
    const ageMinutes = state.newest ? (Date.now() - state.newest.getTime()) / 60_000 : Infinity;
    const regenerate = process.env.BENCH_REGENERATE === "1" || state.count !== eventCount || ageMinutes > maxAgeMinutes;
    let generation: { seconds: number } | null = null;
    if (regenerate) {
      log(`Generating ${eventCount.toLocaleString("en")} events (found ${state.count.toLocaleString("en")}, newest ${Math.round(ageMinutes)} min old)…`);
      const t = performance.now();
      await generateEvents(db, eventCount, log);
      generation = { seconds: round((performance.now() - t) / 1000) };
      log(`Generated in ${generation.seconds} s`);
    } else {
      log(`Keeping ${state.count.toLocaleString("en")} events (newest ${Math.round(ageMinutes)} min old)`);
    }

    if (process.env.BENCH_REROLL === "1" && !regenerate) {
      await db.transaction((tx) => tx.execute(sql`truncate usage_rollups, usage_error_rollups, rollup_cursors`));
    }
    log("Rolling up…");
    const t = performance.now();
    const steps = await rollUpUsage(db);
    const rollupSeconds = (performance.now() - t) / 1000;
    const done = steps.filter((s) => "toEventId" in s);
    const rolled = done.length ? Math.max(...done.map((s) => s.toEventId)) - Math.min(...done.map((s) => s.fromEventId)) : 0;
    const rollup = steps.length
      ? { events: rolled, seconds: round(rollupSeconds), eventsPerSecond: Math.round(rolled / rollupSeconds) }
      : { events: 0, seconds: round(rollupSeconds), eventsPerSecond: null, note: "already rolled up (BENCH_REROLL=1 to redo)" };
    log(rollup.eventsPerSecond ? `Rolled up ${rolled.toLocaleString("en")} events in ${rollup.seconds} s: ${rollup.eventsPerSecond.toLocaleString("en")} events/s` : `Roll-up: ${rollup.note}`);
    // What autovacuum does in steady state; a backfill outruns it, leaving every updated row's old versions behind.
    await db.execute(sql`vacuum analyze usage_rollups`);
    await db.execute(sql`vacuum analyze usage_error_rollups`);

    const results: { dashboard: string; range: string; medianMs: number; maxMs: number; slowestCall: string; slowestCallMedianMs: number }[] = [];
    for (const dashboard of DASHBOARDS) {
      for (const range of RANGES) {
        const actor = actors[dashboard.actor];
        await runDashboard(db, actor, dashboard, range);
        const runs: DashboardRun[] = [];
        for (let i = 0; i < repeats; i += 1) runs.push(await runDashboard(db, actor, dashboard, range));
        const labels = Object.keys(runs[0].callMs);
        const perCall = labels.map((label) => ({ label, ms: median(runs.map((r) => r.callMs[label])) })).sort((a, b) => b.ms - a.ms);
        const totals = runs.map((r) => r.totalMs);
        results.push({
          dashboard: dashboard.name,
          range,
          medianMs: round(median(totals)),
          maxMs: round(Math.max(...totals)),
          slowestCall: perCall[0].label,
          slowestCallMedianMs: round(perCall[0].ms),
        });
      }
    }

    const counts = (await db.execute(sql`
      select (select count(*) from usage_rollups where granularity = 'minute')::int as minute,
        (select count(*) from usage_rollups where granularity = 'hour')::int as hour,
        (select count(*) from usage_rollups where granularity = 'day')::int as day,
        (select count(*) from usage_error_rollups)::int as errors`)) as unknown as { rows: Record<string, number>[] };
    log("");
    log(`Roll-up rows: ${JSON.stringify(counts.rows[0])}`);
    log("");
    log(`${"dashboard".padEnd(36)}${"range".padEnd(7)}${"median ms".padStart(11)}${"max ms".padStart(9)}  slowest call (median ms)`);
    for (const r of results) {
      const flag = r.maxMs > BUDGET_MS ? "  > budget" : "";
      log(`${r.dashboard.padEnd(36)}${r.range.padEnd(7)}${String(r.medianMs).padStart(11)}${String(r.maxMs).padStart(9)}  ${r.slowestCall} (${r.slowestCallMedianMs})${flag}`);
    }
    const over = results.filter((r) => r.maxMs > BUDGET_MS).length;
    log(over ? `\n${over} of ${results.length} dashboard/range pairs went over ${BUDGET_MS} ms at least once.` : `\nEvery dashboard stayed under ${BUDGET_MS} ms for every range.`);

    const dir = path.join(__dirname, "results");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `analytics-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(
      file,
      JSON.stringify({ at: new Date().toISOString(), events: eventCount, repeats, budgetMs: BUDGET_MS, generation, rollup, rollupRows: counts.rows[0], dashboards: results }, null, 2),
    );
    log(`Wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
