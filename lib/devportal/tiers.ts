import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { throttlingPolicies, type PolicyLevel } from "@/db/schema";
import { DEFAULT_POLICIES, type Tier } from "@/lib/throttling/default-policies";

export type TierOption = { name: string; description: string };

/** Names with their descriptions, defaults from code and the rest from admin-made policies. */
export async function describeTiers(db: Queryable, level: PolicyLevel, names: readonly string[]): Promise<TierOption[]> {
  const defaults: Record<string, Tier> = DEFAULT_POLICIES[level];
  const custom = names.filter((name) => !(name in defaults));
  const rows = custom.length
    ? await db
        .select({ name: throttlingPolicies.name, description: throttlingPolicies.description })
        .from(throttlingPolicies)
        .where(and(eq(throttlingPolicies.level, level), inArray(throttlingPolicies.name, custom)))
    : [];
  const described = new Map(rows.map((row) => [row.name, row.description]));
  return names.map((name) => ({ name, description: defaults[name]?.description ?? described.get(name) ?? "" }));
}
