/**
 * Checkers for the limiters' guarantee, "never more than N admitted in any window of W ms", over the
 * moments calls were admitted.
 */

/**
 * The most admissions in any span [a, a + windowMs] (both ends included). The busiest such span
 * can be taken to end at an admission, so it is enough to look back windowMs from each one.
 */
export function mostInAnyWindow(admittedAt: number[], windowMs: number): { most: number; endingAt: number } {
  const times = [...admittedAt].sort((a, b) => a - b);
  let most = 0;
  let endingAt = NaN;
  for (let end = 0, start = 0; end < times.length; end++) {
    while (times[start] < times[end] - windowMs) start++;
    if (end - start + 1 > most) {
      most = end - start + 1;
      endingAt = times[end];
    }
  }
  return { most, endingAt };
}

/**
 * The same, when all that is known of each admission is that it happened between the moment the
 * call left and the moment its answer came back: the most calls whose whole interval lies in one
 * span [a, a + windowMs]. A limiter that keeps its guarantee never exceeds N here; one that admits
 * more than N in some window shows it as long as the calls take much less than a window.
 */
export function mostSurelyInAnyWindow(admitted: { sentAt: number; answeredAt: number }[], windowMs: number): number {
  let most = 0;
  for (const last of admitted) {
    const from = last.answeredAt - windowMs;
    let inside = 0;
    for (const call of admitted) if (call.sentAt >= from && call.answeredAt <= last.answeredAt) inside++;
    most = Math.max(most, inside);
  }
  return most;
}

/** A small seeded generator (mulberry32), so that a failing random sequence can be run again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
