/**
 * W3C Trace Context (`traceparent`) and request ids at the gateway. Edge-safe: WebCrypto only.
 * Ids come out of a pool of random bytes filled 4 KiB at a time, so a call costs a few string
 * operations rather than a crypto call per id.
 */
export type TraceContext = {
  traceId: string;
  /** The gateway's own span: the backend's parent. */
  spanId: string;
  /** The caller's span, when the caller sent a valid traceparent. */
  parentSpanId: string | null;
  /** Two hex digits; bit 0 is "sampled". */
  flags: string;
};

const POOL_BYTES = 4096;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
let pool = new Uint8Array(0);
let offset = 0;

/** `bytes` random bytes as lower-case hex. */
export function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_BYTES));
    offset = 0;
  }
  let out = "";
  for (let end = offset + bytes; offset < end; offset++) out += HEX[pool[offset]];
  return out;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/**
 * The gateway's hop of the caller's trace, or a new trace when the caller sent none or an invalid
 * one (W3C Trace Context §3.2: version ff, all-zero ids and extra fields on version 00 are invalid;
 * a later version's extra fields are allowed). A new trace is sampled when `sampleNew`.
 */
export function traceContextOf(traceparent: string | null, sampleNew: boolean): TraceContext {
  const parsed = traceparent ? TRACEPARENT.exec(traceparent.trim()) : null;
  if (parsed) {
    const [, version, traceId, parentSpanId, flags, rest] = parsed;
    const valid = version !== "ff" && !(version === "00" && rest !== undefined) && traceId !== ZERO_TRACE && parentSpanId !== ZERO_SPAN;
    if (valid) return { traceId, spanId: randomHex(8), parentSpanId, flags };
  }
  return { traceId: randomHex(16), spanId: randomHex(8), parentSpanId: null, flags: sampleNew ? "01" : "00" };
}

/** The traceparent the backend receives: the same trace, the gateway's span as its parent. */
export function traceparentOf(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${trace.flags}`;
}

/** A caller's X-Request-ID is kept when it is short and plain (it goes into logs and headers); else a new one. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

export function requestIdOf(header: string | null): string {
  return header && SANE_REQUEST_ID.test(header) ? header : randomHex(16);
}
