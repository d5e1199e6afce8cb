/** A request-count window: `limit` requests per `windowMs`, sliding. */
export type Window = { limit: number; windowMs: number };

export type LimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the window has room again. */
  reset: number;
};

/**
 * One interface over the limiter backends: memory (embedded mode), Redis over TCP and Upstash REST.
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
