import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Context, type Span, type SpanOptions } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, BatchSpanProcessor, type IdGenerator } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import type { GatewayContext, GatewayReply, UsageRecord } from "@/lib/gateway/context";
import type http from "node:http";
import { randomHex, requestIdOf, traceContextOf, traceparentOf, type TraceContext } from "./trace-context";

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

export type OtlpOptions = { endpoint: string; serviceName: string };

/**
 * A tracer exporting over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, batched off the request path.
 * `start` opens a span with the ids the hop already chose; a caller's trace that is not sampled
 * (flags 00) is not exported.
 */
function otlpTracer(options: OtlpOptions, name: string) {
  const ids = new ChosenIds();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    idGenerator: ids,
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, "")}/v1/traces` }))],
  });
  const tracer = provider.getTracer(name);
  return {
    start(hop: TraceContext, spanName: string, spanOptions: SpanOptions): Span {
      const parent: Context = hop.parentSpanId
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: hop.traceId,
            spanId: hop.parentSpanId,
            traceFlags: parseInt(hop.flags, 16) & TraceFlags.SAMPLED,
            isRemote: true,
          })
        : ROOT_CONTEXT;
      ids.traceId = hop.traceId;
      ids.spanId = hop.spanId;
      try {
        return tracer.startSpan(spanName, { kind: SpanKind.SERVER, ...spanOptions }, parent);
      } finally {
        ids.traceId = ids.spanId = "";
      }
    },
    shutdown: () => provider.shutdown(),
  };
}

/** Gateway calls as spans, from what the pipeline recorded once the call was answered. */
export function createGatewaySpanExporter(options: OtlpOptions): GatewaySpanExporter {
  const tracer = otlpTracer(options, "portcullis-gateway");
  const origin = performance.timeOrigin;

  return {
    observe(ctx, reply, record) {
      const { trace: hop, request, api } = ctx;
      const startTime = origin + ctx.started;
      const span = tracer.start(
        hop,
        api ? `${request.method} ${api.context}/${api.version}` : `${request.method} (no API)`,
        {
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
      );
      if (reply.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(startTime + record.latencyMs);
    },
    shutdown: tracer.shutdown,
  };
}

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/**
 * Portal requests (the Next handler of `npm start`): each answer carries an X-Request-ID (the
 * caller's when sane), the request goes on with the portal's hop of the trace in its traceparent
 * and its request id, and with `otlp` each request is exported as a span.
 */
export function tracePortalRequests(handler: NodeHandler, otlp: OtlpOptions | null): { handler: NodeHandler; shutdown: () => Promise<void> } {
  const tracer = otlp ? otlpTracer(otlp, "portcullis-portal") : null;
  const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? null;
  return {
    handler(req, res) {
      const requestId = requestIdOf(header(req.headers["x-request-id"]));
      const hop = traceContextOf(header(req.headers.traceparent), Boolean(tracer));
      req.headers["x-request-id"] = requestId;
      req.headers.traceparent = traceparentOf(hop);
      res.setHeader("x-request-id", requestId);
      if (tracer) {
        const span = tracer.start(hop, req.method ?? "GET", {
          attributes: { "http.request.method": req.method ?? "GET", "url.path": (req.url ?? "/").split("?")[0], "portcullis.request_id": requestId },
        });
        res.once("close", () => {
          span.setAttribute("http.response.status_code", res.statusCode);
          if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        });
      }
      handler(req, res);
    },
    shutdown: async () => tracer?.shutdown(),
  };
}
