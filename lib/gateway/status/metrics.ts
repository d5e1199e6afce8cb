import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { limiterFailures } from "@/lib/throttling/failures";
import type { UsageRecord } from "../context";
import type { GatewaySnapshot } from "../snapshot/types";

/** What the metrics read when scraped, rather than on every call. */
export type MetricsSource = {
  snapshot: () => Pick<GatewaySnapshot, "version" | "builtAt"> | null;
  /** Calls whose usage events were dropped (the recorder's buffer was full). */
  usageDropped: () => number | Promise<number>;
};

export type GatewayMetrics = {
  registry: Registry;
  /** One answered call, from the usage record the pipeline builds anyway. */
  observe: (record: UsageRecord) => void;
};

/** Seconds, from sub-millisecond proxying to a backend's 60 s timeout. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The gateway's Prometheus metrics (SPEC "Gateway status listener"), in a registry of their own with
 * Node's default process metrics. Per call, one counter and one or two histograms are updated through
 * label children bound once per (api, version, status, code) and per api: prom-client's label lookup
 * hashes the label values on every call, which the hot path should not pay.
 */
export function createGatewayMetrics(source: MetricsSource): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: "portcullis_gateway_requests_total",
    help: "Calls answered by the gateway, by API, version, HTTP status and gateway error code (empty: none).",
    labelNames: ["api", "version", "status", "code"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "portcullis_gateway_request_duration_seconds",
    help: "Time from a call's arrival to its answer's headers, by API (empty: no API matched).",
    labelNames: ["api"] as const,
    buckets: BUCKETS,
    registers,
  });
  const backend = new Histogram({
    name: "portcullis_gateway_backend_duration_seconds",
    help: "Time the backend took to answer (or fail), by API.",
    labelNames: ["api"] as const,
    buckets: BUCKETS,
    registers,
  });
  new Gauge({
    name: "portcullis_gateway_snapshot_age_seconds",
    help: "Seconds since the snapshot this gateway serves was built.",
    registers,
    collect() {
      const snapshot = source.snapshot();
      if (snapshot) this.set((Date.now() - snapshot.builtAt) / 1000);
    },
  });
  new Gauge({
    name: "portcullis_gateway_snapshot_version",
    help: "Version of the snapshot this gateway serves.",
    registers,
    collect() {
      const snapshot = source.snapshot();
      if (snapshot) this.set(snapshot.version);
    },
  });
  new Counter({
    name: "portcullis_gateway_usage_dropped_total",
    help: "Calls whose usage events were dropped because too many waited to be written.",
    registers,
    async collect() {
      this.reset();
      this.inc(await source.usageDropped());
    },
  });
  new Counter({
    name: "portcullis_gateway_limiter_failures_total",
    help: "Rate-limiter calls that failed (each call then admitted or refused by RATE_LIMIT_FAILURE_MODE).",
    registers,
    collect() {
      this.reset();
      this.inc(limiterFailures());
    },
  });

  const callChildren = new Map<string, Counter.Internal>();
  const apiChildren = new Map<string, { duration: Histogram.Internal<"api">; backend: Histogram.Internal<"api"> }>();

  return {
    registry,
    observe(record) {
      const api = record.apiName ?? "";
      const version = record.apiVersion ?? "";
      const code = record.errorCode ?? "";
      const key = `${api}\n${version}\n${record.status}\n${code}`;
      let calls = callChildren.get(key);
      if (!calls) callChildren.set(key, (calls = requests.labels({ api, version, status: String(record.status), code })));
      calls.inc(record.calls);
      let timers = apiChildren.get(api);
      if (!timers) apiChildren.set(api, (timers = { duration: duration.labels({ api }), backend: backend.labels({ api }) }));
      timers.duration.observe(record.latencyMs / 1000);
      if (record.backendLatencyMs !== null) timers.backend.observe(record.backendLatencyMs / 1000);
    },
  };
}
