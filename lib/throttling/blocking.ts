import "server-only";
import { and, desc, eq, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apis, applications, blockingConditions, users, type BLOCKING_TYPES } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { announce } from "@/lib/events/bus";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { CreateBlockingInput, SetBlockingEnabledInput } from "./schemas";
import { isId } from "@/lib/http/id";

export type BlockingType = (typeof BLOCKING_TYPES)[number];

export type BlockingConditionView = {
  id: string;
  type: BlockingType;
  value: string;
  enabled: boolean;
  /** What the value names, for people: the application's name, the API's name. */
  label: string | null;
  createdAt: string;
};

type Row = typeof blockingConditions.$inferSelect;

/** Every condition, newest first, with what it names. */
export async function listBlockingConditions({ ctx }: { ctx: Ctx }): Promise<BlockingConditionView[]> {
  authorize(ctx, "admin:manage");
  const rows = await ctx.db
    .select({ condition: blockingConditions, applicationName: applications.name })
    .from(blockingConditions)
    .leftJoin(applications, and(eq(blockingConditions.type, "APPLICATION"), sql`${applications.id}::text = ${blockingConditions.value}`))
    .orderBy(desc(blockingConditions.createdAt));
  return rows.map(({ condition, applicationName }) => toView(condition, applicationName));
}

/**
 * Blocks calls by API context, application id, user email, IP address or CIDR range. What it names
 * must exist (an API, an application, a user); the gateways apply it within a second.
 */
export async function createBlockingCondition({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<BlockingConditionView> {
  const actor = authorize(ctx, "admin:manage");
  const data = parseInput(CreateBlockingInput, input);
  const view = await ctx.db.transaction(async (tx) => {
    const label = await describeTarget(tx, data.type, data.value);
    const [existing] = await tx
      .select({ id: blockingConditions.id })
      .from(blockingConditions)
      .where(and(eq(blockingConditions.type, data.type), eq(blockingConditions.value, data.value)));
    if (existing) throw new ConflictError(`A ${data.type} blocking condition for ${data.value} already exists; switch it on or off instead.`);
    const [row] = await tx.insert(blockingConditions).values({ ...data, createdBy: actor.id }).returning();
    await recordAudit(tx, actor, { action: "blocking_condition.create", targetType: "blocking_condition", targetId: row.id, details: details(row) });
    return toView(row, label);
  });
  await announce({ type: "blocking.changed" });
  return view;
}

export async function setBlockingConditionEnabled({ ctx, conditionId, input }: { ctx: Ctx; conditionId: string; input: unknown }) {
  const actor = authorize(ctx, "admin:manage");
  const { enabled } = parseInput(SetBlockingEnabledInput, input);
  if (!isId(conditionId)) throw new NotFoundError("blocking condition");
  const view = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(blockingConditions).set({ enabled }).where(eq(blockingConditions.id, conditionId)).returning();
    if (!row) throw new NotFoundError("blocking condition");
    await recordAudit(tx, actor, {
      action: enabled ? "blocking_condition.enable" : "blocking_condition.disable",
      targetType: "blocking_condition",
      targetId: row.id,
      details: details(row),
    });
    return toView(row, null);
  });
  await announce({ type: "blocking.changed" });
  return view;
}

export async function deleteBlockingCondition({ ctx, conditionId }: { ctx: Ctx; conditionId: string }): Promise<{ id: string }> {
  const actor = authorize(ctx, "admin:manage");
  if (!isId(conditionId)) throw new NotFoundError("blocking condition");
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(blockingConditions).where(eq(blockingConditions.id, conditionId)).returning();
    if (!row) throw new NotFoundError("blocking condition");
    await recordAudit(tx, actor, { action: "blocking_condition.delete", targetType: "blocking_condition", targetId: row.id, details: details(row) });
  });
  await announce({ type: "blocking.changed" });
  return { id: conditionId };
}

/** The API, application or user the value names (422 when there is none); null for addresses. */
async function describeTarget(tx: Tx, type: BlockingType, value: string): Promise<string | null> {
  const missing = (message: string) => new ValidationError(message, { value: [message] });
  switch (type) {
    case "API": {
      const [api] = await tx
        .select({ name: apis.name, version: apis.version, context: apis.context })
        .from(apis)
        .where(or(eq(apis.context, value), sql`${apis.context} || '/' || ${apis.version} = ${value}`))
        .limit(1);
      if (!api) throw missing(`No API has the context ${value}.`);
      return api.context === value ? api.name : `${api.name} ${api.version}`;
    }
    case "APPLICATION": {
      const [app] = await tx.select({ name: applications.name }).from(applications).where(eq(applications.id, value));
      if (!app) throw missing("No application has this id.");
      return app.name;
    }
    case "USER": {
      const [user] = await tx.select({ name: users.name }).from(users).where(sql`lower(${users.email}) = ${value}`);
      if (!user) throw missing(`No user has the email ${value}.`);
      return user.name;
    }
    default:
      return null;
  }
}

function toView(row: Row, label: string | null): BlockingConditionView {
  return { id: row.id, type: row.type, value: row.value, enabled: row.enabled, label, createdAt: row.createdAt.toISOString() };
}

const details = (row: Row) => ({ type: row.type, value: row.value, enabled: row.enabled });
