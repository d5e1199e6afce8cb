import type { JSONWebKeySet } from "jose";
import type { Window } from "@/lib/throttling/limiter";
import { compareSpecificity, compileTemplate } from "../uri-template";
import type {
  ApiSnapshot,
  ApplicationSnapshot,
  BlockingRule,
  ContextEntry,
  GatewaySnapshot,
  ResourceSnapshot,
  SubscriptionSnapshot,
  UserGate,
} from "./types";
import { subscriptionKey } from "./types";

/**
 * The snapshot as plain JSON-safe data: what the builder reads from the database, what portal
 * processes publish to Redis, and what the Edge mount reads back. `assembleSnapshot` indexes it.
 */
export type SnapshotParts = {
  version: number;
  /** Absent from documents published before change versions existed. */
  changeVersion?: number;
  builtAt: number;
  apis: (Omit<ApiSnapshot, "resources"> & { resources: Omit<ResourceSnapshot, "template">[] })[];
  subscriptions: SubscriptionSnapshot[];
  applications: ApplicationSnapshot[];
  activeClients: string[];
  revoked: [jti: string, expiresAt: number | null][];
  jwks: JSONWebKeySet;
  /** Optional so that a snapshot document published by an older build still reads. */
  userGates?: [userId: string, gate: UserGate][];
  blocking: BlockingRule[];
  policies: [key: string, window: Window | null][];
};

export function assembleSnapshot(parts: SnapshotParts): GatewaySnapshot {
  const contexts = new Map<string, ContextEntry>();
  for (const plain of parts.apis) {
    const api: ApiSnapshot = {
      ...plain,
      resources: plain.resources
        .map((resource) => ({ ...resource, template: compileTemplate(resource.target) }))
        .sort((a, b) => compareSpecificity(a.template, b.template)),
    };
    const entry: ContextEntry = contexts.get(api.context) ?? { versions: new Map() };
    entry.versions.set(api.version, api);
    if (api.isDefaultVersion) entry.defaultVersion = api;
    contexts.set(api.context, entry);
  }
  return {
    version: parts.version,
    changeVersion: parts.changeVersion ?? 0,
    builtAt: parts.builtAt,
    contexts,
    subscriptions: new Map(parts.subscriptions.map((s) => [subscriptionKey(s.applicationId, s.apiId), s])),
    applications: new Map(parts.applications.map((a) => [a.id, a])),
    activeClients: new Set(parts.activeClients),
    revoked: new Map(parts.revoked),
    jwks: parts.jwks,
    userGates: new Map(parts.userGates ?? []),
    blocking: parts.blocking,
    policies: new Map(parts.policies),
  };
}

export function disassembleSnapshot(snapshot: GatewaySnapshot): SnapshotParts {
  const apis: SnapshotParts["apis"] = [];
  for (const entry of snapshot.contexts.values()) {
    for (const api of entry.versions.values()) {
      apis.push({
        ...api,
        resources: api.resources.map(({ method, target, authType, throttlingTier, scopes }) => ({ method, target, authType, throttlingTier, scopes })),
      });
    }
  }
  return {
    version: snapshot.version,
    changeVersion: snapshot.changeVersion,
    builtAt: snapshot.builtAt,
    apis,
    subscriptions: [...snapshot.subscriptions.values()],
    applications: [...snapshot.applications.values()],
    activeClients: [...snapshot.activeClients],
    revoked: [...snapshot.revoked.entries()],
    jwks: snapshot.jwks,
    userGates: [...snapshot.userGates.entries()],
    blocking: snapshot.blocking,
    policies: [...snapshot.policies.entries()],
  };
}
