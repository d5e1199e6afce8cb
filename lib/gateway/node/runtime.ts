import type { HostLookup } from "@/lib/net/guarded-dial";
import type { Limiter } from "@/lib/throttling/limiter";
import type { GatewayHandler } from "../handler";
import type { SnapshotStore } from "../snapshot/store";
import { GatewayStatus } from "../status/status";
import { startGatewayServices, type GatewayServicesOptions } from "./services";
import { createNodeGatewayHandler } from "./node-handler";

export type GatewayRuntimeOptions = GatewayServicesOptions & {
  trustedOrigins: string[];
  limiter: Limiter;
  limiterFailureMode: "open" | "closed";
  /** Whether backends may be private addresses; the configuration's ALLOW_PRIVATE_ENDPOINTS unless given. */
  allowPrivateEndpoints?: boolean;
  /** Where backend host names resolve: the system resolver unless a test gives its own. */
  lookup?: HostLookup;
  /** Readiness and metrics; the standalone gateway makes it first, to answer /readyz while it starts. */
  status?: GatewayStatus;
  /** OTLP/HTTP trace export (OTEL_EXPORTER_OTLP_ENDPOINT); none when unset. */
  otlp?: { endpoint: string; serviceName: string } | null;
};

export type GatewayRuntime = {
  handler: GatewayHandler;
  store: SnapshotStore;
  gatewayId: string;
  status: GatewayStatus;
  flushUsage: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * The gateway on this thread, services and pipeline together: the standalone gateway (mount b) and
 * the tests. The embedded mode runs the pipeline on a thread of its own (worker-host.ts).
 */
export async function startGatewayRuntime(options: GatewayRuntimeOptions): Promise<GatewayRuntime> {
  const status = options.status ?? new GatewayStatus(options.limiterFailureMode);
  const services = await startGatewayServices(options);
  status.snapshot = () => services.store.current;
  status.usageDropped = services.usageDropped;
  status.probe(options.limiter);
  const { handler, forwarder, spans } = createNodeGatewayHandler({
    status,
    allowPrivateEndpoints: options.allowPrivateEndpoints,
    lookup: options.lookup,
    otlp: options.otlp,
    snapshot: () => services.store.current,
    refreshSnapshot: services.refreshSnapshot,
    catchUp: services.catchUp,
    refreshJwks: services.refreshJwks,
    issuer: options.issuer,
    limiter: options.limiter,
    limiterFailureMode: options.limiterFailureMode,
    record: services.record,
    signBackendJwt: services.signBackendJwt,
    gatewayId: services.gatewayId,
    trustedOrigins: options.trustedOrigins,
  });
  return {
    handler,
    store: services.store,
    gatewayId: services.gatewayId,
    status,
    flushUsage: services.flushUsage,
    async stop() {
      status.stopping = true;
      await services.stop();
      await forwarder.close();
      await spans?.shutdown();
    },
  };
}
