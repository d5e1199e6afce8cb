/** A request-count window: `limit` requests per `windowMs`, sliding. */
export type Window = { limit: number; windowMs: number };

export type LimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the window has room again. */
  reset: number;
};

/** One interface over the limiter backends (memory here; Redis and Upstash beside it). */
export type Limiter = {
  limit(key: string, window: Window): Promise<LimitResult>;
};
