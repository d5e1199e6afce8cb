import type { Config } from "@/lib/config";
import { createLimiter } from "@/lib/throttling/create-limiter";

/** The gateway's rate limiter: Upstash when configured, else Redis (REDIS_URL), else this thread's memory. */
export function gatewayLimiter(env: Config) {
  return createLimiter(env, { prefix: `${env.REDIS_KEY_PREFIX}:rl` });
}
