import type { JSONWebKeySet } from "jose";
import type { ApiState, AuthType, CorsSettings, HttpMethod, KeyType } from "@/db/schema/apis";
import type { Window } from "@/lib/throttling/limiter";
import type { CompiledTemplate } from "../uri-template";

/**
 * Everything the data plane needs, in memory: the gateway never reads the database per request.
 * Plain data, so the same shape can be built from Postgres (Node mounts) or read from Redis (Edge).
 */
export type EndpointSnapshot = { url: string; timeoutMs: number };

export type ResourceSnapshot = {
  method: HttpMethod;
  target: string;
  authType: AuthType;
  throttlingTier: string;
  scopes: string[];
  template: CompiledTemplate;
};

export type ApiSnapshot = {
  id: string;
  name: string;
  context: string;
  version: string;
  state: ApiState;
  isDefaultVersion: boolean;
  /** Sorted most specific first. */
  resources: ResourceSnapshot[];
  endpoints: Partial<Record<KeyType, EndpointSnapshot>>;
  cors: CorsSettings | null;
  sendBackendJwt: boolean;
  apiThrottlingTier: string | null;
};

export type ContextEntry = { versions: Map<string, ApiSnapshot>; defaultVersion?: ApiSnapshot };

export type SubscriptionSnapshot = { id: string; applicationId: string; apiId: string; tier: string; status: string };

export type ApplicationSnapshot = { id: string; ownerId: string; name: string; tier: string };

/**
 * A user whose credentials the gateway must refuse: all of them while disabled, and those issued
 * before `tokensValidFrom` (epoch ms) for good. Only such users are in the snapshot.
 */
export type UserGate = { disabled: boolean; tokensValidFrom: number | null };

export type BlockingRule =
  | { type: "API"; context: string }
  | { type: "APPLICATION"; applicationId: string }
  | { type: "USER"; user: string }
  | { type: "IP"; address: string }
  | { type: "IP_RANGE"; cidr: string };

export type GatewaySnapshot = {
  /** Increases with every rebuild; reported by each gateway for the admin dashboard. */
  version: number;
  /**
   * The deployment's change version read before the data (lib/events/change-version.ts): the
   * snapshot holds every change up to it, maybe some after it.
   */
  changeVersion: number;
  builtAt: number;
  contexts: Map<string, ContextEntry>;
  /** Keyed `${applicationId}:${apiId}`. */
  subscriptions: Map<string, SubscriptionSnapshot>;
  applications: Map<string, ApplicationSnapshot>;
  /** client_ids of consumer keys that are not revoked: their tokens die with the keys. */
  activeClients: Set<string>;
  /** jti → expiry in epoch seconds (null: never). */
  revoked: Map<string, number | null>;
  jwks: JSONWebKeySet;
  /** Disabled users and users whose earlier credentials are dead, by id. */
  userGates: Map<string, UserGate>;
  blocking: BlockingRule[];
  /** `${level}:${name}` → window; null for unlimited. */
  policies: Map<string, Window | null>;
};

export function subscriptionKey(applicationId: string, apiId: string): string {
  return `${applicationId}:${apiId}`;
}
