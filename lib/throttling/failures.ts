import { logger } from "@/lib/observability/log-core";

/**
 * What happens when the shared limiter fails: every failure is counted (the metric), and logged at
 * most once per LOG_EVERY_MS with how many there were, so an outage under load does not flood the log.
 * The state hangs on `globalThis`: Next's bundle and the process entry each hold a copy of this module.
 */
const log = logger("gateway");
const LOG_EVERY_MS = 10_000;
const STATE_KEY = Symbol.for("portcullis.throttling.failures");

type State = { failures: number; unreported: number; lastLogAt: number; failing: boolean };
type Holder = { [STATE_KEY]?: State };

const state: State = ((globalThis as Holder)[STATE_KEY] ??= { failures: 0, unreported: 0, lastLogAt: 0, failing: false });

/** Limiter calls that failed since the process started (each counted per process or refused, by the failure mode). */
export function limiterFailures(): number {
  return state.failures;
}

/** Whether the last limiter call failed (the failure mode is in force); for readiness and metrics. */
export function limiterFailing(): boolean {
  return state.failing;
}

export function reportLimiterFailure(error: unknown, mode: "open" | "closed", now = Date.now()): void {
  state.failures += 1;
  state.unreported += 1;
  state.failing = true;
  if (now - state.lastLogAt < LOG_EVERY_MS) return;
  const reason = error instanceof Error ? error.message : String(error);
  log.error({ mode, failures: state.unreported, reason }, `rate limiter unavailable, ${mode === "open" ? "limiting each gateway process on its own" : "refusing requests"} (RATE_LIMIT_FAILURE_MODE=${mode})`);
  state.lastLogAt = now;
  state.unreported = 0;
}

/** Called after a limiter call succeeds; logs the recovery once. */
export function reportLimiterSuccess(): void {
  if (!state.failing) return;
  state.failing = false;
  state.lastLogAt = 0;
  log.info({ failures: state.unreported }, "rate limiter reachable again");
  state.unreported = 0;
}
