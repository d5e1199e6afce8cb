import "server-only";
import { and, eq } from "drizzle-orm";
import { apiDocuments, apis } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { config } from "@/lib/config";
import { ConflictError, isUniqueViolation } from "@/lib/errors";
import { authorize, can, parseInput, type Ctx } from "@/lib/services/context";
import { findOwnApi } from "../access";
import { announce } from "@/lib/events/bus";
import { loadApiDetail, type ApiDetail } from "../api-detail";
import { applyLifecycleAction } from "../change-lifecycle";
import { insertApi } from "../create-api";
import { readDefinitionInput } from "../openapi/read-definition-input";
import { CreateApiInput } from "../schemas";
import { PIZZASHACK_DEFINITION, PIZZASHACK_HOW_TO } from "./pizzashack-definition";

export const SAMPLE_CONTEXT = "/pizzashack";
export const SAMPLE_VERSION = "1.0.0";

export type SampleDeployment = { api: ApiDetail; created: boolean };

/** Where the product serves the sample's backend (app/sample-backend). */
export function sampleBackendUrl(): string {
  return `${config().publicUrl}/sample-backend/pizzashack/v1/api`;
}

/**
 * "Deploy sample API": PizzaShackAPI 1.0.0 at /pizzashack with its How To, offered in every default
 * tier, and PUBLISHED when the caller may publish (a creator gets it CREATED, for a publisher to
 * publish). Idempotent: a second call returns the API already there.
 */
export async function deploySample({ ctx }: { ctx: Ctx }): Promise<SampleDeployment> {
  const actor = authorize(ctx, "api:create");
  const existing = await findSample(ctx);
  if (existing) return { api: existing, created: false };
  const { parsed, resources } = await readDefinitionInput(PIZZASHACK_DEFINITION);
  const data = parseInput(CreateApiInput, {
    name: "PizzaShackAPI",
    context: SAMPLE_CONTEXT,
    version: SAMPLE_VERSION,
    description: "This is a RESTFul API for Pizza Shack online pizza delivery store.",
    tags: ["pizza", "food"],
    businessOwner: "Jane Roe",
    businessOwnerEmail: "marketing@pizzashack.com",
    endpoints: { production: { url: sampleBackendUrl(), timeoutMs: 30_000 }, sandbox: { url: sampleBackendUrl(), timeoutMs: 30_000 } },
    resources,
    subscriptionTiers: ["Unlimited", "Gold", "Silver", "Bronze"],
  });
  try {
    const api = await ctx.db.transaction(async (tx) => {
      const row = await insertApi(tx, actor, data, { definition: parsed.document });
      await tx.insert(apiDocuments).values({
        apiId: row.id,
        name: "PizzaShack How To",
        type: "HOWTO",
        source: "INLINE",
        summary: "Subscribe, get a token, read the menu and order a pizza.",
        content: PIZZASHACK_HOW_TO,
      });
      const state = can(actor, "api:publish") ? (await applyLifecycleAction(tx, actor, row, "Publish")).state : row.state;
      await recordAudit(tx, actor, { action: "api.sample.deploy", targetType: "api", targetId: row.id, details: { state } });
      return loadApiDetail(tx, { ...row, state });
    });
    await announce({ type: "api.changed", apiId: api.id });
    return { api, created: true };
  } catch (error) {
    // Two clicks at once: the loser returns what the winner deployed.
    const raced = isUniqueViolation(error) || error instanceof ConflictError ? await findSample(ctx) : null;
    if (raced) return { api: raced, created: false };
    throw error;
  }
}

async function findSample(ctx: Ctx): Promise<ApiDetail | null> {
  const actor = authorize(ctx, "api:view");
  const [row] = await ctx.db
    .select({ id: apis.id })
    .from(apis)
    .where(and(eq(apis.context, SAMPLE_CONTEXT), eq(apis.version, SAMPLE_VERSION), eq(apis.organizationId, actor.organizationId)));
  return row ? loadApiDetail(ctx.db, await findOwnApi(ctx.db, actor, row.id)) : null;
}
