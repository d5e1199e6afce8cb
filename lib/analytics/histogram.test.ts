import { describe, expect, it } from "vitest";
import { addHistograms, bucketIndex, HISTOGRAM_SIZE, histogramOf, LATENCY_BOUNDS_MS, percentile, percentiles } from "./histogram";

describe("latency histogram", () => {
  it("puts a value in the bucket whose lower bound it reaches, like width_bucket", () => {
    expect(bucketIndex(0)).toBe(0);
    expect(bucketIndex(0.99)).toBe(0);
    expect(bucketIndex(1)).toBe(1);
    expect(bucketIndex(99.9)).toBe(LATENCY_BOUNDS_MS.indexOf(100));
    expect(bucketIndex(100)).toBe(LATENCY_BOUNDS_MS.indexOf(100) + 1);
    expect(bucketIndex(1e9)).toBe(HISTOGRAM_SIZE - 1);
    expect(bucketIndex(-5)).toBe(0);
  });

  it("adds histograms element-wise, shorter ones counting as zeros", () => {
    const sum = addHistograms([1, 2], histogramOf([0.5, 1.5, 1000]));
    expect(sum).toHaveLength(HISTOGRAM_SIZE);
    expect(sum[0]).toBe(2);
    expect(sum[1]).toBe(3);
    expect(sum.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it("estimates percentiles within the exact value's bucket (or on its upper edge)", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 5000 }, () => Math.exp(random() * 10) / 5).sort((a, b) => a - b);
    const histogram = histogramOf(values);
    for (const p of [0.5, 0.9, 0.95, 0.99]) {
      const exact = values[Math.ceil(p * values.length) - 1];
      const estimate = percentile(histogram, p)!;
      expect(Math.abs(bucketIndex(estimate) - bucketIndex(exact))).toBeLessThanOrEqual(1);
    }
  });

  it("answers null for no calls and the last bound for the open-ended bucket", () => {
    expect(percentiles(histogramOf([]))).toEqual({ p50: null, p95: null, p99: null });
    expect(percentile(histogramOf([120_000, 200_000]), 0.5)).toBe(LATENCY_BOUNDS_MS.at(-1));
  });
});
