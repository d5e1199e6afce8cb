import "server-only";
import { asc, eq } from "drizzle-orm";
import { throttlingPolicies, type PolicyLevel } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, isUniqueViolation, NotFoundError } from "@/lib/errors";
import { announce } from "@/lib/events/bus";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { DEFAULT_POLICIES, UNAUTHENTICATED_POLICY, type Tier } from "./default-policies";
import { policyUsage } from "./policy-usage";
import { CreatePolicyInput, UpdatePolicyInput } from "./schemas";
import { isId } from "@/lib/http/id";

/** A policy as the admin portal and the REST API show it; defaults have no id and cannot change. */
export type PolicyView = Tier & {
  id: string | null;
  level: PolicyLevel;
  name: string;
  isDefault: boolean;
  updatedAt: string | null;
};

type PolicyRow = typeof throttlingPolicies.$inferSelect;

/** Defaults first (in the table's order), then admin-made ones by name; optionally one level. */
export async function listPolicies({ ctx, level }: { ctx: Ctx; level?: PolicyLevel }): Promise<PolicyView[]> {
  authorize(ctx, "admin:manage");
  const rows = await ctx.db
    .select()
    .from(throttlingPolicies)
    .where(level ? eq(throttlingPolicies.level, level) : undefined)
    .orderBy(asc(throttlingPolicies.level), asc(throttlingPolicies.name));
  const defaults = (Object.entries(DEFAULT_POLICIES) as [PolicyLevel, Record<string, Tier>][])
    .filter(([each]) => !level || each === level)
    .flatMap(([each, tiers]) => Object.entries(tiers).map(([name, tier]) => defaultView(each, name, tier)));
  return [...defaults, ...rows.map(toView)];
}

export async function getPolicy({ ctx, policyId }: { ctx: Ctx; policyId: string }): Promise<PolicyView> {
  authorize(ctx, "admin:manage");
  const [row] = isId(policyId) ? await ctx.db.select().from(throttlingPolicies).where(eq(throttlingPolicies.id, policyId)) : [];
  if (!row) throw new NotFoundError("throttling policy");
  return toView(row);
}

/** A request-count policy at one level; its name is unique there and cannot be a default's. */
export async function createPolicy({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<PolicyView> {
  const actor = authorize(ctx, "admin:manage");
  const data = parseInput(CreatePolicyInput, input);
  if (isReservedName(data.level, data.name)) {
    throw new ConflictError(`${data.name} is a default ${data.level.toLowerCase()} policy; choose another name.`);
  }
  const row = await ctx.db
    .transaction(async (tx) => {
      const [created] = await tx
        .insert(throttlingPolicies)
        .values({ ...data, displayName: data.displayName ?? data.name, description: data.description ?? describe(data) })
        .returning();
      await recordAudit(tx, actor, { action: "throttling_policy.create", targetType: "throttling_policy", targetId: created.id, details: snapshot(created) });
      return created;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new ConflictError(`A ${data.level.toLowerCase()} policy named ${data.name} already exists.`);
      throw error;
    });
  await announce({ type: "policies.changed" });
  return toView(row);
}

/** Changes the limit or the wording; a policy's name and level stay (they are what others refer to). */
export async function updatePolicy({ ctx, policyId, input }: { ctx: Ctx; policyId: string; input: unknown }): Promise<PolicyView> {
  const actor = authorize(ctx, "admin:manage");
  const data = parseInput(UpdatePolicyInput, input);
  if (!isId(policyId)) throw new NotFoundError("throttling policy");
  const row = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(throttlingPolicies).where(eq(throttlingPolicies.id, policyId)).for("update");
    if (!current) throw new NotFoundError("throttling policy");
    const next = { ...data, displayName: data.displayName ?? current.name, description: data.description ?? describe(data) };
    const [updated] = await tx.update(throttlingPolicies).set(next).where(eq(throttlingPolicies.id, policyId)).returning();
    await recordAudit(tx, actor, {
      action: "throttling_policy.update",
      targetType: "throttling_policy",
      targetId: policyId,
      details: { from: snapshot(current), to: snapshot(updated) },
    });
    return updated;
  });
  await announce({ type: "policies.changed" });
  return toView(row);
}

/** Refused (409) while a subscription, an application, an API or a resource uses the policy. */
export async function deletePolicy({ ctx, policyId }: { ctx: Ctx; policyId: string }): Promise<{ id: string }> {
  const actor = authorize(ctx, "admin:manage");
  if (!isId(policyId)) throw new NotFoundError("throttling policy");
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(throttlingPolicies).where(eq(throttlingPolicies.id, policyId)).for("update");
    if (!current) throw new NotFoundError("throttling policy");
    const uses = await policyUsage(tx, current.level, current.name);
    if (uses.length) throw new ConflictError(`${current.name} is in use by ${uses.join("; ")}. Move them to another policy first.`);
    await tx.delete(throttlingPolicies).where(eq(throttlingPolicies.id, policyId));
    await recordAudit(tx, actor, { action: "throttling_policy.delete", targetType: "throttling_policy", targetId: policyId, details: snapshot(current) });
  });
  await announce({ type: "policies.changed" });
  return { id: policyId };
}

function isReservedName(level: PolicyLevel, name: string): boolean {
  const taken = [...Object.keys(DEFAULT_POLICIES[level]), UNAUTHENTICATED_POLICY.displayName];
  return taken.some((each) => each.toLowerCase() === name.toLowerCase());
}

const UNIT_WORDS = { sec: "second", min: "minute", hour: "hour", day: "day" } as const;

function describe({ requestCount, unitTime, timeUnit }: Pick<Tier, "unitTime" | "timeUnit"> & { requestCount: number }): string {
  const unit = UNIT_WORDS[timeUnit];
  return `Allows ${requestCount} requests per ${unitTime === 1 ? unit : `${unitTime} ${unit}s`}`;
}

function toView(row: PolicyRow): PolicyView {
  return {
    id: row.id,
    level: row.level,
    name: row.name,
    displayName: row.displayName,
    description: row.description,
    requestCount: row.requestCount,
    unitTime: row.unitTime,
    timeUnit: row.timeUnit,
    isDefault: false,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function defaultView(level: PolicyLevel, name: string, tier: Tier): PolicyView {
  return { ...tier, id: null, level, name, isDefault: true, updatedAt: null };
}

function snapshot(row: PolicyRow) {
  return { level: row.level, name: row.name, requestCount: row.requestCount, unitTime: row.unitTime, timeUnit: row.timeUnit };
}
