import type { JSONWebKeySet } from "jose";
import type { UsageRecord } from "../context";
import type { ListenerAddressing, ListenerLimits } from "../node/node-listener";
import type { GatewaySnapshot, UserGate } from "../snapshot/types";

/**
 * The messages between the embedded gateway's thread and the main thread (worker-host.ts and
 * worker-data-plane.ts). Structured clone carries the snapshot's Maps, Sets and RegExps as they are.
 */

/** The worker's `workerData`. */
export type GatewayWorkerInit = {
  gatewayId: string;
  issuer: string;
  trustedOrigins: string[];
  limiterFailureMode: "open" | "closed";
  /** ALLOW_PRIVATE_ENDPOINTS: whether the backend pools may connect to private addresses. */
  allowPrivateEndpoints: boolean;
  snapshot: GatewaySnapshot;
  listen: { port: number; host: string; limits?: Partial<ListenerLimits> };
  /** The status listener (GATEWAY_STATUS_PORT; port 0: any free one); null: none. */
  status: { port: number; host: string } | null;
  otlp: { endpoint: string; serviceName: string } | null;
  addressing: ListenerAddressing;
};

/** Main thread → gateway thread. */
export type ToGatewayWorker =
  | { type: "snapshot"; snapshot: GatewaySnapshot }
  | { type: "revoked"; jti: string; expiresAt: number | null }
  | { type: "userGate"; userId: string; gate: UserGate }
  | { type: "jwks"; jwks: JSONWebKeySet }
  | { type: "answer"; id: number; value?: unknown; error?: string }
  /** Send the buffered usage events now, then say "flushed". */
  | { type: "flush"; id: number }
  /** Drain the listener, hand over the usage events still buffered, then say "stopped". */
  | { type: "stop" };

/** What the gateway thread asks of the main thread, which holds the database. */
export type GatewayWorkerCall =
  | { method: "signBackendJwt"; claims: Record<string, unknown> }
  | { method: "refreshSnapshot" }
  | { method: "usageDropped" }
  | { method: "refreshJwks" }
  /**
   * ControlPlaneLink' `catchUp`: answered with the change version of the snapshot now live, after
   * that snapshot's own message (messages arrive in order), so the thread already holds it.
   */
  | { method: "catchUp" };

/** Gateway thread → main thread. */
export type FromGatewayWorker =
  /** `statusPort`: where the status listener listens, null when it is off. */
  | { type: "listening"; statusPort: number | null }
  | { type: "failed"; message: string }
  | { type: "usage"; events: UsageRecord[] }
  | ({ type: "call"; id: number } & GatewayWorkerCall)
  | { type: "flushed"; id: number }
  | { type: "stopped" };
