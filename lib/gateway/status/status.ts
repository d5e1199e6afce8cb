import type { Limiter } from "@/lib/throttling/limiter";
import { limiterFailing } from "@/lib/throttling/failures";
import type { GatewaySnapshot } from "../snapshot/types";
import { createGatewayMetrics, type GatewayMetrics } from "./metrics";

export type Readiness =
  | { ready: true; snapshotVersion: number; snapshotAgeSeconds: number; limiter: "reachable" | "failure mode"; limiterFailureMode: "open" | "closed" }
  | { ready: false; reason: string };

type LimiterState = "unchecked" | "checking" | "reachable" | "failure mode";

/**
 * Readiness (SPEC "Gateway status listener"): a snapshot is loaded and the limiter has answered a
 * first probe, or failed it and RATE_LIMIT_FAILURE_MODE is in force; not while the gateway stops.
 */
export function readinessOf(state: {
  snapshot: Pick<GatewaySnapshot, "version" | "builtAt"> | null;
  limiter: LimiterState;
  limiterFailing: boolean;
  failureMode: "open" | "closed";
  stopping: boolean;
  now?: number;
}): Readiness {
  if (state.stopping) return { ready: false, reason: "the gateway is stopping" };
  if (!state.snapshot) return { ready: false, reason: "no snapshot loaded yet" };
  if (state.limiter === "unchecked" || state.limiter === "checking") return { ready: false, reason: "the rate limiter has not answered yet" };
  const failing = state.limiter === "failure mode" || state.limiterFailing;
  return {
    ready: true,
    snapshotVersion: state.snapshot.version,
    snapshotAgeSeconds: Math.round(((state.now ?? Date.now()) - state.snapshot.builtAt) / 1000),
    limiter: failing ? "failure mode" : "reachable",
    limiterFailureMode: state.failureMode,
  };
}

/** Limits of a key no call uses, so the probe never takes from a real caller's window. */
const PROBE_KEY = "status-probe";
const PROBE_WINDOW = { limit: 1_000_000, windowMs: 1000 };

/**
 * One gateway process's (or thread's) status: what /readyz answers and the metrics /metrics
 * serves. The mount fills in where the snapshot and the dropped-usage count come from.
 */
export class GatewayStatus {
  readonly metrics: GatewayMetrics;
  snapshot: () => GatewaySnapshot | null = () => null;
  usageDropped: () => number | Promise<number> = () => 0;
  stopping = false;
  private limiter: LimiterState = "unchecked";

  constructor(private readonly failureMode: "open" | "closed") {
    this.metrics = createGatewayMetrics({ snapshot: () => this.snapshot(), usageDropped: () => this.usageDropped() });
  }

  /** Asks the limiter once: reachable, or failing and so in its documented failure mode. */
  probe(limiter: Limiter): void {
    this.limiter = "checking";
    void Promise.resolve()
      .then(() => limiter.limit(PROBE_KEY, PROBE_WINDOW))
      .then(
        () => (this.limiter = "reachable"),
        () => (this.limiter = "failure mode"),
      );
  }

  readiness(): Readiness {
    return readinessOf({
      snapshot: this.snapshot(),
      limiter: this.limiter,
      limiterFailing: limiterFailing(),
      failureMode: this.failureMode,
      stopping: this.stopping,
    });
  }
}
