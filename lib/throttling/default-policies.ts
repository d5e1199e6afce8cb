import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { throttlingPolicies, type PolicyLevel } from "@/db/schema";

/** A throttling tier: `requestCount` requests per `unitTime` × `timeUnit`; null means unlimited. */
export type Tier = {
  displayName: string;
  description: string;
  requestCount: number | null;
  unitTime: number;
  timeUnit: "sec" | "min" | "hour" | "day";
};

const perMinute = (displayName: string, requestCount: number): Tier => ({
  displayName,
  description: `Allows ${requestCount} requests per minute`,
  requestCount,
  unitTime: 1,
  timeUnit: "min",
});

const UNLIMITED: Tier = { displayName: "Unlimited", description: "Allows unlimited requests", requestCount: null, unitTime: 1, timeUnit: "min" };

/** Per application × API, chosen when subscribing (SPEC "Throttling tiers"). */
export const SUBSCRIPTION_POLICIES = {
  Unlimited: UNLIMITED,
  Gold: perMinute("Gold", 5000),
  Silver: perMinute("Silver", 2000),
  Bronze: perMinute("Bronze", 1000),
} as const satisfies Record<string, Tier>;

/** Per application, counted per end user of the app's tokens. */
export const APPLICATION_POLICIES = {
  Unlimited: UNLIMITED,
  "50PerMin": perMinute("50PerMin", 50),
  "20PerMin": perMinute("20PerMin", 20),
  "10PerMin": perMinute("10PerMin", 10),
} as const satisfies Record<string, Tier>;

/** Per API or resource, all callers together. */
export const API_POLICIES = {
  Unlimited: UNLIMITED,
  "50KPerMin": perMinute("50KPerMin", 50_000),
  "20KPerMin": perMinute("20KPerMin", 20_000),
  "10KPerMin": perMinute("10KPerMin", 10_000),
} as const satisfies Record<string, Tier>;

/** Resources with auth type None are counted per client IP against this tier; it is never offered to subscribers. */
export const UNAUTHENTICATED_POLICY = perMinute("Unauthenticated", 500);

export const DEFAULT_POLICIES = {
  SUBSCRIPTION: SUBSCRIPTION_POLICIES,
  APPLICATION: APPLICATION_POLICIES,
  API: API_POLICIES,
} as const satisfies Record<PolicyLevel, Record<string, Tier>>;

export function defaultPolicyNames(level: PolicyLevel): string[] {
  return Object.keys(DEFAULT_POLICIES[level]);
}

/** The policy names on offer at a level: the defaults first, then those admins added, in name order. */
export async function availablePolicyNames(db: Queryable, level: PolicyLevel): Promise<string[]> {
  const rows = await db
    .select({ name: throttlingPolicies.name })
    .from(throttlingPolicies)
    .where(eq(throttlingPolicies.level, level))
    .orderBy(asc(throttlingPolicies.name));
  const names = defaultPolicyNames(level);
  for (const row of rows) if (!names.includes(row.name)) names.push(row.name);
  return names;
}
