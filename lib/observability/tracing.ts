import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type IdGenerator } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { GatewayContext, GatewayReply, UsageRecord } from "@/lib/gateway/context";
import { randomHex } from "./trace-context";

export type GatewaySpanExporter = {
  /** One span per answered call, with the trace and span ids the backend already received. */
  observe: (ctx: GatewayContext, reply: GatewayReply, record: UsageRecord) => void;
  /** Sends what is buffered and stops. */
  shutdown: () => Promise<void>;
};

/**
 * Hands the SDK the ids the pipeline chose before the call went to the backend (its traceparent
 * names the gateway's span), so the exported span is the one the backend's spans point at.
 */
class ChosenIds implements IdGenerator {
  traceId = "";
  spanId = "";
  generateTraceId(): string {
    return this.traceId || randomHex(16);
  }
  generateSpanId(): string {
    return this.spanId || randomHex(8);
  }
}

/**
 * Exports gateway calls as OpenTelemetry spans over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`,
 * batched off the request path. A caller's trace that is not sampled (flags 00) is not exported.
 */
export function createGatewaySpanExporter(options: { endpoint: string; serviceName: string }): GatewaySpanExporter {
  const ids = new ChosenIds();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    idGenerator: ids,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, "")}/v1/traces` }))],
  });
  const tracer = provider.getTracer("portcullis-gateway");
  const origin = performance.timeOrigin;

  return {
    observe(ctx, reply, record) {
      const { trace: hop, request, api } = ctx;
      const parent: Context = hop.parentSpanId
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: hop.traceId,
            spanId: hop.parentSpanId,
            traceFlags: parseInt(hop.flags, 16) & TraceFlags.SAMPLED,
            isRemote: true,
          })
        : ROOT_CONTEXT;
      const startTime = origin + ctx.started;
      ids.traceId = hop.traceId;
      ids.spanId = hop.spanId;
      const span = tracer.startSpan(
        api ? `${request.method} ${api.context}/${api.version}` : `${request.method} (no API)`,
        {
          kind: SpanKind.SERVER,
          startTime,
          attributes: {
            "http.request.method": request.method,
            "http.response.status_code": reply.status,
            "url.path": request.pathname,
            "client.address": request.clientIp,
            "portcullis.request_id": ctx.requestId,
            ...(api ? { "portcullis.api": api.name, "portcullis.api_version": api.version } : {}),
            ...(reply.errorCode ? { "portcullis.error_code": reply.errorCode } : {}),
            ...(record.backendLatencyMs !== null ? { "portcullis.backend_duration_ms": record.backendLatencyMs } : {}),
          },
        },
        parent,
      );
      ids.traceId = ids.spanId = "";
      if (reply.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(startTime + record.latencyMs);
    },
    shutdown: () => provider.shutdown(),
  };
}
