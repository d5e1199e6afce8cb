import type { HostLookup } from "@/lib/net/guarded-dial";
import type { Limiter } from "@/lib/throttling/limiter";
import type { GatewayHandler } from "../handler";
import type { SnapshotStore } from "../snapshot/store";
import { GatewayStatus } from "../status/status";
import { startControlPlaneLink, type ControlPlaneLinkOptions } from "../node/control-plane-link";
import { createNodeGatewayHandler } from "../node/node-handler";

export type StandaloneGatewayOptions = ControlPlaneLinkOptions & {
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

export type StandaloneGateway = {
  handler: GatewayHandler;
  store: SnapshotStore;
  gatewayId: string;
  status: GatewayStatus;
  flushUsage: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * The gateway on this thread, control-plane link and pipeline together: the standalone gateway (mount b) and
 * the tests. The embedded mode runs the pipeline on a thread of its own (worker-host.ts).
 */
export async function startStandaloneGateway(options: StandaloneGatewayOptions): Promise<StandaloneGateway> {
  const status = options.status ?? new GatewayStatus(options.limiterFailureMode);
  const link = await startControlPlaneLink(options);
  status.snapshot = () => link.store.current;
  status.usageDropped = link.usageDropped;
  status.probe(options.limiter);
  const { handler, forwarder, spans } = createNodeGatewayHandler({
    status,
    allowPrivateEndpoints: options.allowPrivateEndpoints,
    lookup: options.lookup,
    otlp: options.otlp,
    snapshot: () => link.store.current,
    refreshSnapshot: link.refreshSnapshot,
    catchUp: link.catchUp,
    refreshJwks: link.refreshJwks,
    issuer: options.issuer,
    limiter: options.limiter,
    limiterFailureMode: options.limiterFailureMode,
    record: link.record,
    signBackendJwt: link.signBackendJwt,
    gatewayId: link.gatewayId,
    trustedOrigins: options.trustedOrigins,
  });
  return {
    handler,
    store: link.store,
    gatewayId: link.gatewayId,
    status,
    flushUsage: link.flushUsage,
    async stop() {
      status.stopping = true;
      await link.stop();
      await forwarder.close();
      await spans?.shutdown();
    },
  };
}
