import type { JSONWebKeySet } from "jose";
import type { UsageRecord } from "../context";
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
  snapshot: GatewaySnapshot;
  listen: { port: number; host: string };
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
  | { method: "refreshJwks" };

/** Gateway thread → main thread. */
export type FromGatewayWorker =
  | { type: "listening" }
  | { type: "failed"; message: string }
  | { type: "usage"; events: UsageRecord[] }
  | ({ type: "call"; id: number } & GatewayWorkerCall)
  | { type: "flushed"; id: number }
  | { type: "stopped" };
