import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import type { Limiter } from "@/lib/throttling/limiter";

/** Brute-force guard for password sign-in: per account and per client address. */
export const SIGN_IN_WINDOWS = {
  perEmail: { limit: 10, windowMs: 15 * 60_000 },
  perAddress: { limit: 50, windowMs: 15 * 60_000 },
} as const;

const LIMITER_KEY = Symbol.for("portcullis.sign-in-limiter");
type Holder = { [LIMITER_KEY]?: Limiter };

function limiter(): Limiter {
  const holder = globalThis as Holder;
  return (holder[LIMITER_KEY] ??= new MemoryLimiter());
}

/** Counts one attempt; resolves to the seconds to wait when over either limit, else 0. */
export async function signInAttempt(email: string, address: string, backend: Limiter = limiter()): Promise<number> {
  const now = Date.now();
  const [byEmail, byAddress] = await Promise.all([
    backend.limit(`sign-in:email:${email.trim().toLowerCase()}`, SIGN_IN_WINDOWS.perEmail),
    backend.limit(`sign-in:ip:${address}`, SIGN_IN_WINDOWS.perAddress),
  ]);
  const blocked = [byEmail, byAddress].filter((r) => !r.success);
  return blocked.length ? Math.max(1, Math.ceil((Math.max(...blocked.map((r) => r.reset)) - now) / 1000)) : 0;
}
