/**
 * Wraps a read so that each caller gets the result of a read that STARTED after its call, with at
 * most one read in flight: callers that arrive while one runs share the next. A flood of callers
 * costs back-to-back reads, one at a time, never one each. Edge-safe.
 */
export function freshRead<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let following: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const run = read().finally(() => {
      if (running === run) running = null;
    });
    running = run;
    return run;
  };
  return () => {
    if (!running) return start();
    following ??= running
      // Only waits for it to settle: its own callers get its error.
      .catch(() => undefined)
      .then(() => {
        following = null;
        // One started since the last one ended began after every caller waiting here arrived.
        return running ?? start();
      });
    return following;
  };
}
