import "server-only";
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { applications, oauthClients, subscriptions } from "@/db/schema";
import type { KeyType } from "@/db/schema/apis";
import { ownedApplication } from "@/lib/keys/owned-application";
import { authorize, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { availablePolicyNames } from "@/lib/throttling/default-policies";
import { DEFAULT_APPLICATION } from "./default-application";
import { ApplicationIdInput } from "./schemas";
import { describeTiers, type TierOption } from "./tiers";

export type ApplicationDto = {
  id: string;
  name: string;
  description: string;
  throttlingTier: string;
  /** Default validity of the app's access tokens in seconds; negative: they never expire. */
  tokenValiditySeconds: number;
  isDefault: boolean;
  subscriptionCount: number;
  /** Key types with consumer keys generated. */
  keyTypes: KeyType[];
  createdAt: string;
  updatedAt: string;
};

/** Per-application aggregates as derived tables, joined so drizzle qualifies the outer columns. */
function aggregates(db: Queryable) {
  const subscribed = db
    .select({ applicationId: subscriptions.applicationId, count: count().as("subscription_count") })
    .from(subscriptions)
    .groupBy(subscriptions.applicationId)
    .as("subscribed");
  const keyed = db
    .select({ applicationId: oauthClients.applicationId, keyTypes: sql<unknown>`array_agg(${oauthClients.keyType}::text)`.as("key_types") })
    .from(oauthClients)
    .where(isNull(oauthClients.revokedAt))
    .groupBy(oauthClients.applicationId)
    .as("keyed");
  return { subscribed, keyed };
}

async function selectApplications(db: Queryable, actor: Actor, applicationId?: string): Promise<ApplicationDto[]> {
  const { subscribed, keyed } = aggregates(db);
  const rows = await db
    .select({
      id: applications.id,
      name: applications.name,
      description: applications.description,
      throttlingTier: applications.throttlingTier,
      tokenValiditySeconds: applications.tokenValiditySeconds,
      createdAt: applications.createdAt,
      updatedAt: applications.updatedAt,
      subscriptionCount: subscribed.count,
      keyTypes: keyed.keyTypes,
    })
    .from(applications)
    .leftJoin(subscribed, eq(subscribed.applicationId, applications.id))
    .leftJoin(keyed, eq(keyed.applicationId, applications.id))
    .where(and(eq(applications.ownerId, actor.id), applicationId ? eq(applications.id, applicationId) : undefined))
    .orderBy(asc(applications.createdAt), asc(applications.name));
  return rows.map((row) => ({
    ...row,
    isDefault: row.name === DEFAULT_APPLICATION.name,
    subscriptionCount: Number(row.subscriptionCount ?? 0),
    keyTypes: (parsePgArray(row.keyTypes) as KeyType[]).sort(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/** Drivers hand `array_agg(text)` back as an array or as Postgres's `{a,b}` text. */
function parsePgArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string" && value.startsWith("{")) return value.slice(1, -1).split(",").filter(Boolean);
  return [];
}

/** The caller's own applications, oldest first (DefaultApplication leads). */
export async function listApplications({ ctx }: { ctx: Ctx }): Promise<ApplicationDto[]> {
  const actor = authorize(ctx, "devportal:subscribe");
  return selectApplications(ctx.db, actor);
}

/** One of the caller's applications; anyone else's is a 404. */
export async function getApplication({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ApplicationDto> {
  const actor = authorize(ctx, "devportal:subscribe");
  const { applicationId } = parseInput(ApplicationIdInput, input);
  return loadOwnedApplication(ctx.db, actor, applicationId);
}

export async function loadOwnedApplication(db: Queryable, actor: Actor, applicationId: string): Promise<ApplicationDto> {
  await ownedApplication(db, actor, applicationId);
  const [row] = await selectApplications(db, actor, applicationId);
  return row;
}

/** The application-level tiers on offer, with what each allows. */
export async function applicationTierOptions({ ctx }: { ctx: Ctx }): Promise<TierOption[]> {
  authorize(ctx, "devportal:subscribe");
  return describeTiers(ctx.db, "APPLICATION", await availablePolicyNames(ctx.db, "APPLICATION"));
}
