import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from "prom-client";
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

type CallLabels = { api: string; version: string; status: string; code: string };
type Timings = { buckets: Float64Array; sum: number; count: number };

/**
 * A histogram by API whose observations are plain array writes, handed to the registry when it is
 * scraped (prom-client's own hashes and validates the label values on every observation, even
 * through a bound child; the gateway observes twice per call).
 */
class ApiHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly byApi = new Map<string, Timings>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  observe(api: string, seconds: number): void {
    let timings = this.byApi.get(api);
    if (!timings) this.byApi.set(api, (timings = { buckets: new Float64Array(BUCKETS.length + 1), sum: 0, count: 0 }));
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
    timings.buckets[i]++;
    timings.sum += seconds;
    timings.count++;
  }

  async get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const [api, timings] of this.byApi) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += timings.buckets[i];
        values.push({ labels: { api, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { api, le: "+Inf" }, value: timings.count, metricName: `${this.name}_bucket` });
      values.push({ labels: { api }, value: timings.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { api }, value: timings.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.byApi.clear();
  }
}

/**
 * The gateway's Prometheus metrics (SPEC "Gateway status listener"), in a registry of their own with
 * Node's default process metrics. A call costs a map lookup and a few additions: the counts are kept
 * in plain objects and read into prom-client's metrics when /metrics is scraped.
 */
export function createGatewayMetrics(source: MetricsSource): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const calls = new Map<string, { labels: CallLabels; count: number }>();
  new Counter({
    name: "portcullis_gateway_requests_total",
    help: "Calls answered by the gateway, by API, version, HTTP status and gateway error code (empty: none).",
    labelNames: ["api", "version", "status", "code"] as const,
    registers,
    collect() {
      this.reset();
      for (const { labels, count } of calls.values()) this.inc(labels, count);
    },
  });
  const duration = new ApiHistogram(
    "portcullis_gateway_request_duration_seconds",
    "Time from a call's arrival to its answer's headers, by API (empty: no API matched).",
  );
  const backend = new ApiHistogram("portcullis_gateway_backend_duration_seconds", "Time the backend took to answer (or fail), by API.");
  registry.registerMetric(duration as unknown as Metric);
  registry.registerMetric(backend as unknown as Metric);
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

  return {
    registry,
    observe(record) {
      const api = record.apiName ?? "";
      const version = record.apiVersion ?? "";
      const code = record.errorCode ?? "";
      const key = `${api}\n${version}\n${record.status}\n${code}`;
      const entry = calls.get(key);
      if (entry) entry.count += record.calls;
      else calls.set(key, { labels: { api, version, status: String(record.status), code }, count: record.calls });
      duration.observe(api, record.latencyMs / 1000);
      if (record.backendLatencyMs !== null) backend.observe(api, record.backendLatencyMs / 1000);
    },
  };
}
