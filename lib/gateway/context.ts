import type { KeyType } from "@/db/schema/apis";
import type { TraceContext } from "@/lib/observability/trace-context";
import type { Limiter, LimitResult } from "@/lib/throttling/limiter";
import type { ApiSnapshot, GatewaySnapshot, ResourceSnapshot } from "./snapshot/types";

/** A body as a mount has it: a web stream (Fetch mounts) or a Node stream (the node:http listener). */
export type BodyStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Response headers by lower-case name; `set-cookie` (and any repeated header) as a list. */
export type OutgoingHeaders = Record<string, string | string[]>;

/** Request headers by lower-case name: Fetch's `Headers` is one, and so is the listener's view of a Node request. */
export type HeaderReader = {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
};

/**
 * The parts of a call the pipeline reads. Each mount adapts what it receives (a Fetch `Request`, a
 * Node `IncomingMessage`) without copying headers or converting the body stream.
 */
export type GatewayRequest = {
  method: string;
  /** The path as sent, not decoded; only the match step reads it, to decide the canonical `ctx.path`. */
  pathname: string;
  /** "" or "?…". */
  search: string;
  host: string;
  protocol: "http" | "https";
  headers: HeaderReader;
  /** Null for GET and HEAD; otherwise handed to the forwarder as it is. */
  body: BodyStream | null;
  clientIp: string;
};

/** What the pipeline answers; the mount writes it out (node:http) or wraps it in a `Response`. */
export type GatewayReply = {
  status: number;
  statusText?: string;
  headers: OutgoingHeaders;
  body: BodyStream | string | null;
  /** The gateway's error code (for usage records), never sent as a header. */
  errorCode: string | null;
};

/** The backend's answer as a forwarder hands it over. */
export type UpstreamResponse = Omit<GatewayReply, "errorCode">;

/** Sends the request to a backend; throws a ForwardError when it cannot. */
export type Forwarder = (request: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: BodyStream | null;
  timeoutMs: number;
}) => Promise<UpstreamResponse>;

export class ForwardError extends Error {
  constructor(
    readonly kind: "timeout" | "unreachable",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Calls of one kind (see UsageGroups): one call as the pipeline records it, or several added up.
 * `at` is the latest call's time; latencies and bytes are sums over the `calls`.
 */
export type UsageRecord = {
  calls: number;
  at: Date;
  apiId: string | null;
  apiName: string | null;
  apiVersion: string | null;
  context: string | null;
  resource: string | null;
  method: string;
  applicationId: string | null;
  userId: string | null;
  keyType: KeyType | null;
  status: number;
  errorCode: string | null;
  latencyMs: number;
  backendLatencyMs: number | null;
  bytesIn: number;
  bytesOut: number;
  clientIp: string | null;
  gatewayId: string;
};

/** What a gateway mount supplies: where the snapshot comes from and which backends it uses. */
export type GatewayDeps = {
  snapshot: () => GatewaySnapshot;
  /** Rebuild the snapshot for a request that met an unknown signing key; false when on cooldown. */
  refreshSnapshot?: () => Promise<boolean>;
  /**
   * Fetches what this gateway is missing of the changes committed so far, waiting at most a second;
   * resolves with the change version of the snapshot it now serves. Asked only when a call would
   * be refused on the snapshot's word (see `refusedOnSnapshot`). `atLeast`: the change version the
   * caller's credential was minted at, when that is what the snapshot lacks (the Edge mount, which
   * cannot ask the database, waits for a published snapshot that new).
   */
  catchUp?: (atLeast?: number) => Promise<number>;
  /**
   * Re-read only the published signing keys into the current snapshot, for a token whose `kid` it
   * does not know: cheaper than a rebuild, shared by concurrent callers and on a cooldown in total.
   * Preferred over `refreshSnapshot` when the mount has it.
   */
  refreshJwks?: () => Promise<boolean>;
  /** The key manager's issuer (`iss` of every token). */
  issuer: string;
  limiter: Limiter;
  /** When the limiter's backend fails: admit (`open`) or refuse (`closed`). */
  limiterFailureMode: "open" | "closed";
  forward: Forwarder;
  record?: (event: UsageRecord) => void;
  /** Sees every answered call with its usage record, after `record`: metrics and trace export (Node mounts). */
  observe?: (ctx: GatewayContext, reply: GatewayReply, record: UsageRecord) => void;
  /** Mark traces the gateway starts as sampled (set when spans are exported). */
  sampleNewTraces?: boolean;
  /** Signs the X-JWT-Assertion sent to backends of APIs that ask for it (Node mounts). */
  signBackendJwt?: (claims: Record<string, unknown>) => Promise<string>;
  gatewayId: string;
  /** Path prefix the mount serves under (`/gw` for the Next mount). */
  basePath?: string;
  /** Origins allowed by CORS on APIs without their own settings (the developer portal's console). */
  trustedOrigins: readonly string[];
  /** The caller's address, for the Fetch mounts (the Node listener takes the socket's); default: `x-portcullis-client-ip`. */
  clientIp?: (request: Request) => string;
  /**
   * The platform in front of this mount already added the caller's address to X-Forwarded-For (the
   * Edge mount, behind Next or Vercel): backends receive the header as it came instead of with the
   * address appended once more.
   */
  forwardedForIncludesClient?: boolean;
};

export type Caller = {
  /** Token or API key claims; null for None-auth resources and prototypes. */
  jti: string | null;
  subject: string | null;
  applicationId: string | null;
  keyType: KeyType | null;
  scopes: string[];
  tokenUse: "APPLICATION" | "APPLICATION_USER" | null;
  claims: Record<string, unknown> | null;
};

/** One request's state as it moves through the pipeline. */
export type GatewayContext = {
  request: GatewayRequest;
  started: number;
  snapshot: GatewaySnapshot;
  /** The caller's X-Request-ID when sane, else a new one: returned to the caller and sent to the backend. */
  requestId: string;
  /** The caller's trace (or a new one) with the gateway's span. */
  trace: TraceContext;
  api?: ApiSnapshot;
  resource?: ResourceSnapshot;
  /** The request's path as the gateway decided it (canonical-path.ts): what it matches on and forwards. */
  path?: string;
  /** The canonical path after the mount's base path, context and version, with its leading slash. */
  resourcePath?: string;
  caller?: Caller;
  /** The admitted limit closest to running out, for the X-RateLimit-* headers. */
  tightestLimit?: LimitResult;
  backendLatencyMs?: number;
  errorCode?: string;
  /** The reply refuses the call on the snapshot's word: a newer snapshot may admit it. */
  refusedOnSnapshot?: boolean;
  /** The change version a snapshot needs to know the caller's credential (its `cv` claim). */
  credentialVersion?: number;
};

/**
 * Marks a refusal a newer snapshot could lift (an unknown client, API, resource or subscription):
 * the handler first has the gateway catch up with the changes committed so far, then runs the call
 * again once, so a change answered 2xx is in force on the very next call.
 */
export function refusedOnSnapshot<R>(ctx: GatewayContext, reply: R, credentialVersion?: number): R {
  ctx.refusedOnSnapshot = true;
  ctx.credentialVersion = credentialVersion;
  return reply;
}

/** The `cv` claim: the change version the caller's token or key was minted at (absent from older ones). */
export function credentialVersion(caller: Caller): number | undefined {
  const cv = caller.claims?.cv;
  return typeof cv === "number" ? cv : undefined;
}

/** A pipeline step: a reply ends the request (an error, or the backend's answer), nothing lets it go on. */
export type Step = (ctx: GatewayContext, deps: GatewayDeps) => Promise<GatewayReply | void> | GatewayReply | void;
