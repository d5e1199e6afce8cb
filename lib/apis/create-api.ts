import "server-only";
import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apis, type ApiState } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, isUniqueViolation } from "@/lib/errors";
import { authorize, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { apiColumns, type ApiRow } from "./access";
import { announce } from "@/lib/events/bus";
import { loadApiDetail, type ApiDetail } from "./api-detail";
import { checkEndpointHosts, checkResourceScopes, checkTiers, replaceResources, replaceScopes, writeEndpoints } from "./api-parts";
import { assertIdentityAvailable } from "./context-ownership";
import { normalizeResources } from "./normalize-resources";
import { buildDefinition } from "./openapi/definition-from-api";
import type { OpenApiDocument } from "./openapi/parse-definition";
import { CreateApiInput, type CreateApiData } from "./schemas";

/** Creates an API (state CREATED) in the creator's organization, with its definition generated. */
export async function createApi({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ApiDetail> {
  const actor = authorize(ctx, "api:create");
  const data = parseInput(CreateApiInput, input);
  await checkEndpointHosts(data.endpoints);
  const api = await withConflictMapping(() =>
    ctx.db.transaction(async (tx) => {
      const row = await insertApi(tx, actor, data);
      await recordAudit(tx, actor, {
        action: "api.create",
        targetType: "api",
        targetId: row.id,
        details: { name: row.name, context: row.context, version: row.version },
      });
      return loadApiDetail(tx, row);
    }),
  );
  await announce({ type: "api.changed", apiId: api.id });
  return api;
}

type InsertOptions = { definition?: OpenApiDocument | null; state?: ApiState };

/**
 * The write shared by create, import and the sample: checks identity, tiers and scopes, then
 * stores the API and its parts. The first version of a context becomes its default version.
 */
export async function insertApi(tx: Tx, actor: Actor, data: CreateApiData, options: InsertOptions = {}): Promise<ApiRow> {
  await assertIdentityAvailable(tx, actor, data);
  await checkTiers(tx, data);
  const resources = normalizeResources(data.resources);
  checkResourceScopes(resources, data.scopes);
  const [sibling] = await tx.select({ id: apis.id }).from(apis).where(eq(apis.context, data.context)).limit(1);
  const definition = await buildDefinition(data, resources, data.scopes, options.definition ?? null);
  const [row] = await tx
    .insert(apis)
    .values({
      organizationId: actor.organizationId,
      name: data.name,
      context: data.context,
      version: data.version,
      description: data.description,
      tags: data.tags,
      state: options.state ?? "CREATED",
      isDefaultVersion: !sibling,
      visibility: data.visibility,
      visibleRoles: data.visibility === "RESTRICTED" ? data.visibleRoles : [],
      businessOwner: data.businessOwner,
      businessOwnerEmail: data.businessOwnerEmail,
      subscriptionTiers: data.subscriptionTiers,
      apiThrottlingTier: data.apiThrottlingTier,
      cors: data.cors,
      sendBackendJwt: data.sendBackendJwt,
      definition,
      createdBy: actor.id,
    })
    .returning(apiColumns);
  await writeEndpoints(tx, row.id, data.endpoints);
  await replaceResources(tx, row.id, resources);
  await replaceScopes(tx, row.id, data.scopes);
  return row;
}

/** Two requests racing for the same (context, version) both pass the checks; the unique index decides. */
export async function withConflictMapping<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("An API with this context and version already exists. Choose another version.");
    throw error;
  }
}
