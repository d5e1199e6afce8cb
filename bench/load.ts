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
  /** Fixed request rate (requests/s) instead of as fast as possible. */
  overallRate?: number;
  /** Stop after this many requests instead of after `durationSeconds`. */
  amount?: number;
  headers?: Record<string, string>;
  /** A different header set per request (e.g. many distinct tokens). */
  headerSets?: Record<string, string>[];
};

/** Runs autocannon against one URL and returns its numbers. */
export async function load(name: string, options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const sets = options.headerSets;
  const before = cpuTimes();
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
    overallRate: options.overallRate,
    headers: options.headers,
    requests: sets
      ? [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...sets[next++ % sets.length] } }) }]
      : undefined,
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
