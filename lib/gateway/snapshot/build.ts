import { and, eq, gt, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import {
  apiEndpoints,
  apiResources,
  apis,
  applications,
  blockingConditions,
  oauthClients,
  revokedTokens,
  subscriptions,
  throttlingPolicies,
  users,
  type ApiState,
} from "@/db/schema";
import { readChangeVersion } from "@/lib/events/change-version";
import { readPublishedJwks } from "@/lib/keys/signing-keys";
import { DEFAULT_POLICIES, UNAUTHENTICATED_POLICY, type Tier } from "@/lib/throttling/default-policies";
import type { Window } from "@/lib/throttling/limiter";
import { assembleSnapshot, type SnapshotParts } from "./assemble";
import type { BlockingRule, GatewaySnapshot } from "./types";

/** States in which an API is deployed on the gateway (SPEC "Lifecycle"); BLOCKED answers 503. */
export const DEPLOYED_STATES = ["PROTOTYPED", "PUBLISHED", "DEPRECATED", "BLOCKED"] as const satisfies readonly ApiState[];

const UNIT_MS = { sec: 1000, min: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

export function tierWindow(tier: Pick<Tier, "requestCount" | "unitTime" | "timeUnit">): Window | null {
  return tier.requestCount === null ? null : { limit: tier.requestCount, windowMs: tier.unitTime * UNIT_MS[tier.timeUnit] };
}

/**
 * Reads everything the data plane needs in a handful of queries and indexes it: the same
 * `assembleSnapshot` turns the parts into the snapshot here and on the Edge (from Redis). Runs off
 * the request path.
 */
export async function buildSnapshot(db: Database, version: number): Promise<GatewaySnapshot> {
  return assembleSnapshot(await buildSnapshotParts(db, version));
}

/** The snapshot's plain parts, straight from the database. */
export async function buildSnapshotParts(db: Database, version: number): Promise<SnapshotParts> {
  const now = new Date();
  // First, and alone: every change up to this version committed before the queries below start, so
  // they see it (each statement sees what committed before it began). The snapshot is at least this new.
  const changeVersion = await readChangeVersion(db);
  const deployed = await db.select().from(apis).where(inArray(apis.state, [...DEPLOYED_STATES]));
  const ids = deployed.map((api) => api.id);
  const [resources, endpoints, subs, apps, clients, revoked, jwks, blocking, customPolicies, gated] = await Promise.all([
    ids.length ? db.select().from(apiResources).where(inArray(apiResources.apiId, ids)) : [],
    ids.length ? db.select().from(apiEndpoints).where(inArray(apiEndpoints.apiId, ids)) : [],
    ids.length ? db.select().from(subscriptions).where(inArray(subscriptions.apiId, ids)) : [],
    db
      .select({ id: applications.id, ownerId: applications.ownerId, name: applications.name, tier: applications.throttlingTier })
      .from(applications),
    db.select({ clientId: oauthClients.clientId }).from(oauthClients).where(isNull(oauthClients.revokedAt)),
    db
      .select()
      .from(revokedTokens)
      .where(or(isNull(revokedTokens.expiresAt), gt(revokedTokens.expiresAt, now))),
    readPublishedJwks(db),
    // A USER condition names an email; tokens carry the user id in `sub`, so the rule carries that.
    db
      .select({ condition: blockingConditions, userId: users.id })
      .from(blockingConditions)
      .leftJoin(users, and(eq(blockingConditions.type, "USER"), sql`lower(${users.email}) = lower(${blockingConditions.value})`))
      .where(eq(blockingConditions.enabled, true)),
    db.select().from(throttlingPolicies),
    db
      .select({ id: users.id, disabled: users.disabled, tokensValidFrom: users.tokensValidFrom })
      .from(users)
      .where(or(eq(users.disabled, true), isNotNull(users.tokensValidFrom))),
  ]);

  const byApi = new Map<string, SnapshotParts["apis"][number]>();
  for (const api of deployed) {
    byApi.set(api.id, {
      id: api.id,
      name: api.name,
      context: api.context,
      version: api.version,
      state: api.state,
      isDefaultVersion: api.isDefaultVersion,
      resources: [],
      endpoints: {},
      cors: api.cors ?? null,
      sendBackendJwt: api.sendBackendJwt,
      apiThrottlingTier: api.apiThrottlingTier,
    });
  }
  for (const resource of resources) {
    byApi.get(resource.apiId)?.resources.push({
      method: resource.method,
      target: resource.target,
      authType: resource.authType,
      throttlingTier: resource.throttlingTier,
      scopes: resource.scopes,
    });
  }
  for (const endpoint of endpoints) {
    const api = byApi.get(endpoint.apiId);
    if (api) api.endpoints[endpoint.keyType] = { url: endpoint.url.replace(/\/$/, ""), timeoutMs: endpoint.timeoutMs };
  }

  const policies = new Map<string, Window | null>();
  for (const [level, tiers] of Object.entries(DEFAULT_POLICIES)) {
    for (const [name, tier] of Object.entries(tiers)) policies.set(`${level}:${name}`, tierWindow(tier));
  }
  for (const policy of customPolicies) policies.set(`${policy.level}:${policy.name}`, tierWindow(policy));
  policies.set("UNAUTHENTICATED:Unauthenticated", tierWindow(UNAUTHENTICATED_POLICY));

  return {
    version,
    changeVersion,
    builtAt: Date.now(),
    apis: [...byApi.values()],
    subscriptions: subs.map((s) => ({ id: s.id, applicationId: s.applicationId, apiId: s.apiId, tier: s.throttlingTier, status: s.status })),
    applications: apps,
    activeClients: clients.map((c) => c.clientId),
    revoked: revoked.map((r) => [r.jti, r.expiresAt ? Math.floor(r.expiresAt.getTime() / 1000) : null]),
    jwks: { keys: jwks },
    userGates: gated.map((u) => [u.id, { disabled: u.disabled, tokensValidFrom: u.tokensValidFrom?.getTime() ?? null }]),
    blocking: blocking.flatMap(({ condition, userId }) => toBlockingRule(condition, userId)),
    policies: [...policies.entries()],
  };
}

/** A USER condition whose email matches no user blocks nobody (no token can carry it). */
function toBlockingRule(condition: typeof blockingConditions.$inferSelect, userId: string | null): BlockingRule[] {
  switch (condition.type) {
    case "API":
      return [{ type: "API", context: condition.value }];
    case "APPLICATION":
      return [{ type: "APPLICATION", applicationId: condition.value }];
    case "USER":
      return userId ? [{ type: "USER", user: userId.toLowerCase() }] : [];
    case "IP":
      return [{ type: "IP", address: condition.value }];
    case "IP_RANGE":
      return [{ type: "IP_RANGE", cidr: condition.value }];
  }
}
