import { config, type Config } from "@/lib/config";
import { createLimiter, limiterBackend, type LimiterConfig } from "@/lib/throttling/create-limiter";
import type { LimitResult, Limiter, Window } from "@/lib/throttling/limiter";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import { logger } from "@/lib/observability/log-core";

const log = logger("auth");

/** Brute-force guard for password sign-in: per account and per client address. */
export const SIGN_IN_WINDOWS = {
  perEmail: { limit: 10, windowMs: 15 * 60_000 },
  perAddress: { limit: 50, windowMs: 15 * 60_000 },
} as const;

export type SignInLimiterConfig = LimiterConfig & Pick<Config, "REDIS_KEY_PREFIX">;

/**
 * Counts sign-in attempts in the store the gateway counts calls in (Upstash, else Redis), so every
 * portal process draws on one budget per account and address; in the embedded mode, in memory.
 *
 * When the shared store cannot answer, attempts are counted in this process's memory instead, and
 * that is logged once when it starts and once when the store is back. This ignores
 * RATE_LIMIT_FAILURE_MODE on purpose: `closed` would refuse every sign-in while Redis is down,
 * locking out the administrators who have to deal with the outage, and a sign-in is not the traffic
 * that setting protects. Admitting without any count (`open` as the gateway reads it) would lift the
 * brute-force guard for the outage; the per-process count keeps it, only split across processes.
 */
export class SignInLimiter implements Limiter {
  private readonly local = new MemoryLimiter();
  private failing = false;

  constructor(private readonly shared: Limiter | null) {}

  async limit(key: string, window: Window): Promise<LimitResult> {
    if (!this.shared) return this.local.limit(key, window);
    try {
      const result = await this.shared.limit(key, window);
      if (this.failing) {
        this.failing = false;
        log.info("sign-in limiter reachable again; counting attempts in the shared store");
      }
      return result;
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        const reason = error instanceof Error ? error.message : String(error);
        log.error({ reason }, "sign-in limiter unavailable, counting attempts in this process only until it answers");
      }
      return this.local.limit(key, window);
    }
  }

  async close(): Promise<void> {
    await this.shared?.close?.();
  }
}

/** The gateway's limiter factory for the configured backend, under its own key prefix; memory when none is configured. */
export function createSignInLimiter(env: SignInLimiterConfig): SignInLimiter {
  if (limiterBackend(env) === "memory") return new SignInLimiter(null);
  return new SignInLimiter(createLimiter(env, { prefix: `${env.REDIS_KEY_PREFIX}:sign-in` }));
}

// One per process: Next's bundle and the process entry each hold a copy of this module (DESIGN).
const LIMITER_KEY = Symbol.for("portcullis.sign-in-limiter");
type Holder = { [LIMITER_KEY]?: Limiter };

function limiter(): Limiter {
  const holder = globalThis as Holder;
  return (holder[LIMITER_KEY] ??= createSignInLimiter(config()));
}

/** Counts one attempt; resolves to the seconds to wait when over either limit, else 0. */
export async function signInAttempt(email: string, address: string, backend: Limiter = limiter()): Promise<number> {
  const now = Date.now();
  const [byEmail, byAddress] = await Promise.all([
    backend.limit(`email:${email.trim().toLowerCase()}`, SIGN_IN_WINDOWS.perEmail),
    backend.limit(`ip:${address}`, SIGN_IN_WINDOWS.perAddress),
  ]);
  const blocked = [byEmail, byAddress].filter((r) => !r.success);
  return blocked.length ? Math.max(1, Math.ceil((Math.max(...blocked.map((r) => r.reset)) - now) / 1000)) : 0;
}
