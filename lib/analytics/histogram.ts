/**
 * Latency histograms with fixed bucket bounds, so that histograms of any two roll-up rows add up
 * element by element and percentiles can be answered for any range without the raw events.
 *
 * Bucket 0 holds [0, BOUNDS[0]), bucket i holds [BOUNDS[i-1], BOUNDS[i]), and the last bucket
 * (index BOUNDS.length) holds everything from the last bound up. Postgres' `width_bucket(x, bounds)`
 * numbers buckets the same way, so SQL and TypeScript agree on where a value falls.
 *
 * The bounds are part of the stored data: changing them means rebuilding the roll-ups.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000, 30_000, 60_000,
];

export const HISTOGRAM_SIZE = LATENCY_BOUNDS_MS.length + 1;

export type Histogram = number[];

export type Percentiles = { p50: number | null; p95: number | null; p99: number | null };

/** The bucket a latency falls in: the number of bounds at or below it. */
export function bucketIndex(ms: number): number {
  let lo = 0;
  let hi = LATENCY_BOUNDS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (LATENCY_BOUNDS_MS[mid] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function emptyHistogram(): Histogram {
  return new Array<number>(HISTOGRAM_SIZE).fill(0);
}

export function histogramOf(values: readonly number[]): Histogram {
  const histogram = emptyHistogram();
  for (const value of values) histogram[bucketIndex(value)] += 1;
  return histogram;
}

/** Element-wise sum; shorter histograms (rows written before a bucket existed) count as zeros. */
export function addHistograms(a: readonly number[], b: readonly number[]): Histogram {
  const sum = emptyHistogram();
  for (let i = 0; i < HISTOGRAM_SIZE; i += 1) sum[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return sum;
}

/**
 * The p-th percentile (0 < p < 1) estimated from bucket counts: the bucket holding the nearest-rank
 * value, interpolated linearly inside it. The estimate lies in the exact value's bucket or on its
 * upper edge. The open last bucket answers with its lower bound. Null when the histogram is empty.
 */
export function percentile(histogram: readonly number[], p: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let before = 0;
  for (let i = 0; i < histogram.length; i += 1) {
    const count = histogram[i] ?? 0;
    if (count > 0 && before + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      if (i >= LATENCY_BOUNDS_MS.length) return lower;
      const upper = LATENCY_BOUNDS_MS[i];
      return lower + ((rank - before) / count) * (upper - lower);
    }
    before += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}

export function percentiles(histogram: readonly number[]): Percentiles {
  return { p50: percentile(histogram, 0.5), p95: percentile(histogram, 0.95), p99: percentile(histogram, 0.99) };
}

export function histogramTotal(histogram: readonly number[]): number {
  return histogram.reduce((sum, count) => sum + count, 0);
}
