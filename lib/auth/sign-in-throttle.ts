import "server-only";
import { config, type Config } from "@/lib/config";
import { canonicalAddress } from "@/lib/http/client-address";
import { parseIp } from "@/lib/net/ip";
import { limiterBackend, type LimiterConfig } from "@/lib/throttling/create-limiter";
import type { LimitResult, Window } from "@/lib/throttling/limiter";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import { RedisLimiter } from "@/lib/throttling/redis-limiter";
import { UpstashLimiter } from "@/lib/throttling/upstash-limiter";
import { logger } from "@/lib/observability/log-core";

const log = logger("auth");

/**
 * Brute-force guard for password sign-in (the portal form, the OAuth password grant, the owner's
 * Basic credentials at /oauth2/register). Only FAILED sign-ins count, by the caller's address (one
 * IPv4 address, or an IPv6 /64) and by address and account together:
 *
 * - `perPair`: an address that failed this many times on one account is refused on that account;
 * - `perAddress`: an address that failed this many times over all accounts is refused on every one;
 * - `perAccount`: past this many failures on one account from everywhere, the account is under
 *   attack, and an address may then try it only while it has fewer than `underAttackPair` failures
 *   on it. This slows guessing spread over many addresses without locking the account.
 *
 * The guarantee: a correct password from an address with fewer than `underAttackPair` failed
 * sign-ins on that account and fewer than `perAddress` failed sign-ins overall in the last window
 * signs in, whatever any other address does. A refused attempt never reaches the password check,
 * so a throttled guesser learns nothing. Each attempt holds its counts while its password is
 * checked and gives them back when it succeeds, so guesses sent in parallel cannot all slip past
 * the check before the first failure is counted.
 */
export const SIGN_IN_WINDOWS = {
  perPair: { limit: 10, windowMs: 15 * 60_000 },
  perAddress: { limit: 50, windowMs: 15 * 60_000 },
  perAccount: { limit: 200, windowMs: 15 * 60_000 },
} as const;
export const UNDER_ATTACK_PAIR_LIMIT = 3;

export type SignInLimiterConfig = LimiterConfig & Pick<Config, "REDIS_KEY_PREFIX">;

/** What the guard needs of a limiter: count (admitting or refusing) and give back. */
export type SignInStore = {
  limit(key: string, window: Window): Promise<LimitResult> | LimitResult;
  refund(key: string, window: Window): Promise<void> | void;
};
type SharedStore = { limit(key: string, window: Window): Promise<LimitResult>; refund(key: string, window: Window): Promise<void>; close?(): Promise<void> };

/**
 * Counts failed sign-ins in the store the gateway counts calls in (Upstash, else Redis), so every
 * portal process draws on one budget per address, pair and account; in the embedded mode, in memory.
 *
 * When the shared store cannot answer, attempts are counted in this process's memory instead, and
 * that is logged once when it starts and once when the store is back. This ignores
 * RATE_LIMIT_FAILURE_MODE on purpose: `closed` would refuse every sign-in while Redis is down,
 * locking out the administrators who have to deal with the outage, and a sign-in is not the traffic
 * that setting protects. Admitting without any count (`open` as the gateway reads it) would lift the
 * brute-force guard for the outage; the per-process count keeps it, only split across processes.
 */
export class SignInLimiter implements SignInStore {
  private readonly local = new MemoryLimiter();
  private failing = false;

  constructor(private readonly shared: SharedStore | null) {}

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

  /** Where the attempt was counted as things stand; a refund lost to an outage only errs towards refusing. */
  async refund(key: string, window: Window): Promise<void> {
    if (!this.shared || this.failing) return this.local.refund(key, window);
    await this.shared.refund(key, window).catch((error: unknown) => log.warn({ err: error }, "sign-in limiter refund lost"));
  }

  async close(): Promise<void> {
    await this.shared?.close?.();
  }
}

/** The gateway's limiter factory for the configured backend, under its own key prefix; memory when none is configured. */
export function createSignInLimiter(env: SignInLimiterConfig): SignInLimiter {
  const options = { prefix: `${env.REDIS_KEY_PREFIX}:sign-in` };
  switch (limiterBackend(env)) {
    case "memory":
      return new SignInLimiter(null);
    case "redis":
      return new SignInLimiter(new RedisLimiter({ ...options, url: env.REDIS_URL! }));
    case "upstash":
      return new SignInLimiter(new UpstashLimiter({ ...options, url: env.UPSTASH_REDIS_REST_URL!, token: env.UPSTASH_REDIS_REST_TOKEN! }));
  }
}

// One per process: Next's bundle and the process entry each hold a copy of this module (DESIGN).
const LIMITER_KEY = Symbol.for("portcullis.sign-in-limiter");
type Holder = { [LIMITER_KEY]?: SignInStore };

function limiter(): SignInStore {
  const holder = globalThis as Holder;
  return (holder[LIMITER_KEY] ??= createSignInLimiter(config()));
}

export type SignInOutcome<T> = { throttled: true; wait: number } | { throttled: false; value: T | null };

/**
 * Checks `verify` (the password check: a value, or null for wrong credentials) against the limits
 * above for `email` from `address`. Throttled: the seconds to wait, and `verify` is not called.
 */
export async function guardSignIn<T>(
  email: string,
  address: string,
  verify: () => Promise<T | null>,
  store: SignInStore = limiter(),
): Promise<SignInOutcome<T>> {
  const account = email.trim().toLowerCase();
  const from = addressBucket(address);
  const keys = { address: `fail:ip:${from}`, pair: `fail:pair:${from}:${account}`, account: `fail:account:${account}` };
  const [byAddress, byPair, byAccount] = await Promise.all([
    store.limit(keys.address, SIGN_IN_WINDOWS.perAddress),
    store.limit(keys.pair, SIGN_IN_WINDOWS.perPair),
    store.limit(keys.account, SIGN_IN_WINDOWS.perAccount),
  ]);
  const held = [
    byAddress.success && ([keys.address, SIGN_IN_WINDOWS.perAddress] as const),
    byPair.success && ([keys.pair, SIGN_IN_WINDOWS.perPair] as const),
    byAccount.success && ([keys.account, SIGN_IN_WINDOWS.perAccount] as const),
  ].filter((entry) => entry !== false);
  const release = () => Promise.all(held.map(([key, window]) => store.refund(key, window)));

  // Failures on this account from this address before this attempt (the limiter counted it already).
  const pairFailures = byPair.limit - byPair.remaining - 1;
  const refusedBy = [byAddress, byPair].filter((result) => !result.success);
  if (!byAccount.success && byPair.success && pairFailures >= UNDER_ATTACK_PAIR_LIMIT) refusedBy.push(byAccount);
  if (refusedBy.length) {
    await release();
    return { throttled: true, wait: Math.max(1, Math.ceil((Math.max(...refusedBy.map((r) => r.reset)) - Date.now()) / 1000)) };
  }

  let value: T | null;
  try {
    value = await verify();
  } catch (error) {
    // Not a wrong password: the check itself failed.
    await release();
    throw error;
  }
  // A failure keeps its counts; a success gives them back.
  if (value !== null) await release();
  return { throttled: false, value };
}

/** One IPv4 address, or the /64 an IPv6 host is given (it can pick any address in it). */
export function addressBucket(address: string): string {
  const ip = parseIp(address);
  if (!ip) return address || "unknown";
  if (ip.version === 4) return canonicalAddress(address) ?? address;
  return `${(ip.value >> 64n).toString(16).padStart(16, "0")}::/64`;
}
