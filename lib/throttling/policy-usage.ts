import "server-only";
import { count, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiResources, apis, applications, subscriptions, type PolicyLevel } from "@/db/schema";

const SHOWN = 3;

/**
 * Where a policy is referred to, in words for a 409: subscriptions and APIs' offered tiers
 * (SUBSCRIPTION), applications (APPLICATION), APIs' API-level tier and resources (API).
 * Empty when the policy may go.
 */
export async function policyUsage(db: Queryable, level: PolicyLevel, name: string): Promise<string[]> {
  const uses: string[] = [];
  if (level === "SUBSCRIPTION") {
    const [{ value: subs }] = await db.select({ value: count() }).from(subscriptions).where(eq(subscriptions.throttlingTier, name));
    if (subs) uses.push(`${subs} subscription${subs === 1 ? "" : "s"}`);
    const offering = await db
      .select({ name: apis.name, version: apis.version })
      .from(apis)
      .where(sql`${name} = any(${apis.subscriptionTiers})`);
    if (offering.length) uses.push(`the subscription tiers of ${listed(offering.map(apiLabel))}`);
  }
  if (level === "APPLICATION") {
    const apps = await db.select({ name: applications.name }).from(applications).where(eq(applications.throttlingTier, name));
    if (apps.length) uses.push(`application${apps.length === 1 ? "" : "s"} ${listed(apps.map((a) => a.name))}`);
  }
  if (level === "API") {
    const apiLevel = await db.select({ name: apis.name, version: apis.version }).from(apis).where(eq(apis.apiThrottlingTier, name));
    if (apiLevel.length) uses.push(`the API-level tier of ${listed(apiLevel.map(apiLabel))}`);
    const resources = await db
      .select({ name: apis.name, version: apis.version, method: apiResources.method, target: apiResources.target })
      .from(apiResources)
      .innerJoin(apis, eq(apis.id, apiResources.apiId))
      .where(eq(apiResources.throttlingTier, name));
    if (resources.length) uses.push(`resource${resources.length === 1 ? "" : "s"} ${listed(resources.map((r) => `${r.method} ${r.target} of ${apiLabel(r)}`))}`);
  }
  return uses;
}

const apiLabel = (api: { name: string; version: string }) => `${api.name} ${api.version}`;

function listed(items: string[]): string {
  const shown = items.slice(0, SHOWN).join(", ");
  return items.length > SHOWN ? `${shown} and ${items.length - SHOWN} more` : shown;
}
