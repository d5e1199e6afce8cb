import { readFileSync } from "node:fs";
import autocannon from "autocannon";

export type LoadResult = {
  name: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; p999: number };
  errors: number;
  non2xx: number;
  requests: number;
  /**
   * Share of the machine's CPU time taken by the hypervisor for other guests while this ran (steal,
   * from /proc/stat), in percent; null where that is not available. Above a few percent the run's
   * numbers are noisy.
   */
  stealPercent: number | null;
};

export type LoadOptions = {
  url: string;
  durationSeconds: number;
  connections: number;
  /** A steady request rate (requests/s) instead of as fast as possible, for `durationSeconds` (not `amount`): see `loadAtRate`. */
  overallRate?: number;
  /** Stop after this many requests instead of after `durationSeconds`. */
  amount?: number;
  headers?: Record<string, string>;
  /** A different header set per request (e.g. many distinct tokens). */
  headerSets?: Record<string, string>[];
};

/** Runs autocannon against one URL and returns its numbers. */
export async function load(name: string, options: LoadOptions): Promise<LoadResult> {
  if (options.overallRate) return loadAtRate(name, options, options.overallRate);
  const before = cpuTimes();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
    headers: options.headers,
    requests: rotatingHeaders(options.headerSets),
  });
  return {
    name,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, p999: result.latency.p99_9 },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
    stealPercent: stealBetween(before, cpuTimes()),
  };
}

/**
 * `rate` requests/s spread over the second. autocannon's own `overallRate` does not do that: it gives
 * each connection a quota per second, which the connection sends back to back when its second
 * starts, and all connections' seconds start together (lib/httpClient.js), so "half of the max rate"
 * was half a second at full speed and half a second idle; its coordinated-omission correction then
 * takes ceil(1 / quota) = 1 ms as the expected interval and adds a made-up sample for every
 * millisecond a response took beyond that (lib/run.js). Here each connection is an autocannon
 * instance of its own whose second starts 1/connections of a second after the one before, so the
 * quotas follow each other across the second, and the percentiles are those of the latencies
 * measured (hrtime, to the microsecond), nothing added, after each connection's first second, as
 * wrk2 leaves out its calibration seconds: in that one the load generator is still starting its
 * instances and the servers are coming off the run before (against the bare proxy, that second's
 * p99 was 1-22 ms where the other nine seconds' was 0.4-9 ms).
 */
async function loadAtRate(name: string, options: LoadOptions, rate: number): Promise<LoadResult> {
  const connections = Math.min(options.connections, rate);
  const quota = (i: number) => Math.floor(rate / connections) + (i < rate % connections ? 1 : 0);
  const latencies: number[] = [];
  const before = cpuTimes();
  const results = await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 1000) / connections));
      const perSecond = quota(i);
      return new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: options.url,
            connections: 1,
            // Exactly `durationSeconds` quotas: a duration would end after 10 or 11 of them, by chance.
            amount: perSecond * options.durationSeconds,
            overallRate: perSecond,
            ignoreCoordinatedOmission: true,
            headers: options.headers,
            requests: rotatingHeaders(options.headerSets),
          },
          (error, result) => (error ? reject(error) : resolve(result)),
        );
        let answered = 0;
        instance.on("response", (_client, statusCode, _bytes, milliseconds) => {
          // Each connection's first second only settles (see above).
          if (answered++ >= perSecond && statusCode >= 200 && statusCode < 300) latencies.push(milliseconds);
        });
      });
    }),
  );
  const sum = (pick: (result: autocannon.Result) => number) => results.reduce((total, result) => total + pick(result), 0);
  const sorted = Float64Array.from(latencies).sort();
  const percentile = (p: number) => Math.round(100 * (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0)) / 100;
  return {
    name,
    // Each connection's own rate, over its seconds or, where it fell behind, the longer time it took.
    requestsPerSecond: Math.round(sum((r) => r.requests.total / Math.max(r.duration, options.durationSeconds))),
    latencyMs: { p50: percentile(50), p99: percentile(99), p999: percentile(99.9) },
    errors: sum((r) => r.errors + r.timeouts),
    non2xx: sum((r) => r.non2xx),
    requests: sum((r) => r.requests.total),
    stealPercent: stealBetween(before, cpuTimes()),
  };
}

/** One request template that takes the next of `sets` each time it is sent, or none. */
function rotatingHeaders(sets: Record<string, string>[] | undefined): autocannon.Request[] | undefined {
  if (!sets) return undefined;
  let next = 0;
  return [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...sets[next++ % sets.length] } }) }];
}

/** The machine's CPU time so far: all of it and the part stolen by the hypervisor, in clock ticks. */
function cpuTimes(): { total: number; steal: number } | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.reduce((sum, n) => sum + n, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}

function stealBetween(before: ReturnType<typeof cpuTimes>, after: ReturnType<typeof cpuTimes>): number | null {
  if (!before || !after || after.total === before.total) return null;
  return Math.round((1000 * (after.steal - before.steal)) / (after.total - before.total)) / 10;
}
