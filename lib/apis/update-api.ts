import "server-only";
import { eq } from "drizzle-orm";
import { apis } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ValidationError } from "@/lib/errors";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { apiColumns, findOwnApi } from "./access";
import { announce } from "@/lib/events/bus";
import { loadApiDetail, type ApiDetail } from "./api-detail";
import { checkEndpointHosts, checkResourceScopes, checkTiers, replaceResources, replaceScopes, writeEndpoints } from "./api-parts";
import { normalizeResources } from "./normalize-resources";
import { buildDefinition } from "./openapi/definition-from-api";
import { UpdateApiInput } from "./schemas";

/**
 * Changes what the input names and leaves the rest. Resources and scopes given replace the old ones
 * and the definition's paths are regenerated from them, keeping the rest of the definition.
 */
export async function updateApi({ ctx, apiId, input }: { ctx: Ctx; apiId: string; input: unknown }): Promise<ApiDetail> {
  const actor = authorize(ctx, "api:create");
  const data = parseInput(UpdateApiInput, input);
  if (data.endpoints) await checkEndpointHosts(data.endpoints);
  const api = await ctx.db.transaction(async (tx) => {
    const row = await findOwnApi(tx, actor, apiId, { lock: true });
    const current = await loadApiDetail(tx, row);
    const resources = data.resources ? normalizeResources(data.resources) : current.resources;
    const scopes = data.scopes ?? current.scopes;
    await checkTiers(tx, { ...data, resources: data.resources ? resources : undefined });
    if (data.resources || data.scopes) checkResourceScopes(resources, scopes);
    const visibility = data.visibility ?? row.visibility;
    const visibleRoles = data.visibleRoles ?? row.visibleRoles;
    if (visibility === "RESTRICTED" && visibleRoles.length === 0) {
      throw new ValidationError("visibleRoles: choose at least one role", { visibleRoles: ["Choose at least one role that may see a restricted API."] });
    }
    const description = data.description ?? row.description;
    const definition = await buildDefinition({ ...row, description }, resources, scopes, row.definition ?? null);
    const [updated] = await tx
      .update(apis)
      .set({
        description,
        tags: data.tags,
        visibility,
        visibleRoles: visibility === "RESTRICTED" ? visibleRoles : [],
        businessOwner: data.businessOwner,
        businessOwnerEmail: data.businessOwnerEmail,
        subscriptionTiers: data.subscriptionTiers,
        apiThrottlingTier: data.apiThrottlingTier,
        cors: data.cors,
        sendBackendJwt: data.sendBackendJwt,
        definition,
        updatedAt: new Date(),
      })
      .where(eq(apis.id, row.id))
      .returning(apiColumns);
    if (data.endpoints) await writeEndpoints(tx, row.id, data.endpoints);
    if (data.resources) await replaceResources(tx, row.id, resources);
    if (data.scopes) await replaceScopes(tx, row.id, scopes);
    await recordAudit(tx, actor, { action: "api.update", targetType: "api", targetId: row.id, details: { fields: Object.keys(data) } });
    return loadApiDetail(tx, updated);
  });
  await announce({ type: "api.changed", apiId: api.id });
  return api;
}
