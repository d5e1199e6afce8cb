import type { Database } from "@/db/client";
import type { Config } from "@/lib/config";
import { startGatewayRuntime } from "@/lib/gateway/node/runtime";
import { createLimiter } from "@/lib/throttling/create-limiter";

/** The gateway of a Node process, configured from the environment. */
export async function startGateway(env: Config, db: Database, mount: "embedded" | "standalone") {
  // Upstash when configured, else Redis (REDIS_URL), else this process's memory.
  const limiter = createLimiter(env);
  const runtime = await startGatewayRuntime({
    db,
    mount,
    issuer: env.publicUrl,
    trustedOrigins: [new URL(env.publicUrl).origin],
    limiter,
    limiterFailureMode: env.RATE_LIMIT_FAILURE_MODE,
  }).catch(async (error: unknown) => {
    await limiter.close?.();
    throw error;
  });
  return { ...runtime, stop: () => runtime.stop().finally(() => limiter.close?.()) };
}
