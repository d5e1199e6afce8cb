import autocannon from "autocannon";

export type LoadResult = {
  name: string;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; p999: number };
  errors: number;
  non2xx: number;
  requests: number;
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
  };
}
