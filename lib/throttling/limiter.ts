/** A request-count window: at most `limit` requests in any `windowMs` milliseconds. */
export type Window = { limit: number; windowMs: number };

export type LimitResult = {
  success: boolean;
  limit: number;
  /** Calls this key may still make at once (0 when refused). */
  remaining: number;
  /**
   * Epoch ms. Refused: when the next call would be admitted, if none comes before. Admitted: when
   * every call counted so far has aged out and the whole limit is free again.
   */
  reset: number;
  /** The clock the call was counted by (epoch ms), where the store has one of its own (Redis TIME). */
  at?: number;
};

/**
 * One interface over the limiter backends: memory (embedded mode), Redis over TCP and Upstash REST.
 * Every backend gives the same guarantee, from the same sub-window algorithm (see `subWindows`):
 * never more than `limit` calls admitted in any `windowMs` (both ends included), wherever that
 * span starts; through a shared store, across every process that uses it.
 *
 * `limit` rejects (never hangs) when a shared backend cannot answer; the gateway then follows
 * RATE_LIMIT_FAILURE_MODE. `close` releases connections, where there are any.
 */
export type Limiter = {
  /** The in-memory limiter answers at once (not a promise), so a gateway call does not wait a turn for it. */
  limit(key: string, window: Window): Promise<LimitResult> | LimitResult;
  /** Gives back one admitted call (a sign-in that turned out not to be a failure); the gateway never refunds. */
  refund?(key: string, window: Window): Promise<void> | void;
  close?(): Promise<void>;
};

/** The backend could not answer in time (unreachable, timed out, or failing fast after a recent failure). */
export class LimiterUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LimiterUnavailableError";
  }
}

/** How many sub-windows a window is split into: it refuses at most 1/SUB_WINDOWS of a window early. */
export const SUB_WINDOWS = 20;

/**
 * The sub-windows of a window of `windowMs`: `subMs` long (whole milliseconds, at least 1), sub-window
 * `b` covering [b·subMs, (b+1)·subMs). A call at `t` counts the sub-windows from ⌊(t − windowMs)/subMs⌋
 * to ⌊t/subMs⌋ — at most `span` + 1 of them — and is admitted when they hold fewer than `limit`.
 *
 * Why never more than `limit` in a window: take any span [a, a + windowMs] and the last call
 * admitted in it, at t. Every other admitted call of that span lies in [a, t] ⊆ [t − windowMs, t],
 * all inside the sub-windows counted at t, which held fewer than `limit`: so at most `limit` in all.
 *
 * How early it may refuse: the oldest counted sub-window can reach up to `subMs` before t − windowMs,
 * so a call is refused only when `limit` calls were admitted in the last windowMs + subMs
 * (windowMs·(1 + 1/SUB_WINDOWS) when it divides evenly). A steady stream above the limit gets at
 * least limit·SUB_WINDOWS/(SUB_WINDOWS + 1) calls through per window.
 */
export function subWindows(windowMs: number): { subMs: number; span: number } {
  const subMs = Math.max(1, Math.ceil(windowMs / SUB_WINDOWS));
  return { subMs, span: Math.ceil(windowMs / subMs) };
}
