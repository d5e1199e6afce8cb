import type { Database } from "@/db/client";
import type { Config } from "@/lib/config";
import { startGatewayRuntime } from "@/lib/gateway/node/runtime";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";

/** The gateway of a Node process, configured from the environment. */
export function startGateway(env: Config, db: Database, mount: "embedded" | "standalone") {
  return startGatewayRuntime({
    db,
    mount,
    issuer: env.publicUrl,
    trustedOrigins: [new URL(env.publicUrl).origin],
    limiter: new MemoryLimiter(),
    limiterFailureMode: env.RATE_LIMIT_FAILURE_MODE,
  });
}
