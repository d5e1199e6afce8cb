import type { Limiter } from "@/lib/throttling/limiter";
import { createGatewayHandler, type GatewayHandler } from "../handler";
import type { SnapshotStore } from "../snapshot/store";
import { startGatewayServices, type GatewayServicesOptions } from "./services";
import { createUndiciForwarder } from "./undici-forwarder";

export type GatewayRuntimeOptions = GatewayServicesOptions & {
  trustedOrigins: string[];
  limiter: Limiter;
  limiterFailureMode: "open" | "closed";
};

export type GatewayRuntime = {
  handler: GatewayHandler;
  store: SnapshotStore;
  gatewayId: string;
  flushUsage: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * The gateway on this thread, services and pipeline together: the standalone gateway (mount b) and
 * the tests. The embedded mode runs the pipeline on a thread of its own (worker-host.ts).
 */
export async function startGatewayRuntime(options: GatewayRuntimeOptions): Promise<GatewayRuntime> {
  const services = await startGatewayServices(options);
  const forwarder = createUndiciForwarder();
  const handler = createGatewayHandler({
    snapshot: () => services.store.current,
    refreshSnapshot: services.refreshSnapshot,
    refreshJwks: services.refreshJwks,
    issuer: options.issuer,
    limiter: options.limiter,
    limiterFailureMode: options.limiterFailureMode,
    forward: forwarder,
    record: services.record,
    signBackendJwt: services.signBackendJwt,
    gatewayId: services.gatewayId,
    trustedOrigins: options.trustedOrigins,
  });
  return {
    handler,
    store: services.store,
    gatewayId: services.gatewayId,
    flushUsage: services.flushUsage,
    async stop() {
      await services.stop();
      await forwarder.close();
    },
  };
}
