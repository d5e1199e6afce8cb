import type { HostLookup } from "@/lib/net/guarded-dial";
import { createGatewaySpanExporter } from "@/lib/observability/tracing";
import type { GatewayDeps } from "../context";
import { createGatewayHandler } from "../handler";
import type { GatewayStatus } from "../status/status";
import { createUndiciForwarder } from "./undici-forwarder";

export type NodeGatewayDeps = Omit<GatewayDeps, "forward" | "observe" | "sampleNewTraces"> & {
  /** Counts every answered call in its metrics. */
  status: GatewayStatus;
  /** Whether backends may be private addresses; the configuration's ALLOW_PRIVATE_ENDPOINTS unless given. */
  allowPrivateEndpoints?: boolean;
  /** Where backend host names resolve: the system resolver unless a test gives its own. */
  lookup?: HostLookup;
  /** OTLP/HTTP trace export; none when unset. */
  otlp?: { endpoint: string; serviceName: string } | null;
};

/**
 * The pipeline as both Node mounts run it (the standalone gateway on its thread, the embedded one
 * on a worker thread): backends through the undici forwarder, each answered call counted in the
 * status metrics and, with `otlp`, exported as a span. The mount closes the forwarder and shuts the
 * spans down when it stops, in its own order.
 */
export function createNodeGatewayHandler(deps: NodeGatewayDeps) {
  const { status, allowPrivateEndpoints, lookup, otlp, ...pipeline } = deps;
  const spans = otlp ? createGatewaySpanExporter(otlp) : null;
  const forwarder = createUndiciForwarder({ allowPrivateEndpoints, lookup });
  const handler = createGatewayHandler({
    ...pipeline,
    forward: forwarder,
    observe: spans
      ? (ctx, reply, record) => {
          status.metrics.observe(record);
          spans.observe(ctx, reply, record);
        }
      : (_ctx, _reply, record) => status.metrics.observe(record),
    sampleNewTraces: Boolean(spans),
  });
  return { handler, forwarder, spans };
}
