import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { apis } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { apiColumns, findOwnApi } from "../access";
import { announce } from "@/lib/events/bus";
import { loadApiDetail, type ApiDetail } from "../api-detail";
import { checkResourceScopes, checkTiers, replaceResources, replaceScopes } from "../api-parts";
import { buildDefinition } from "./definition-from-api";
import { inDefinitionTerms } from "./definition-lines";
import { orderDefinition } from "./order-definition";
import { readDefinitionInput } from "./read-definition-input";
import { withReferencedScopes } from "./resources-from-definition";
import { serializeDefinition, type DefinitionFormat } from "./serialize";

export type DefinitionExport = { text: string; contentType: string; fileName: string };

/** The API's definition as JSON or YAML, as stored (kept in step with its resources). */
export async function getDefinition({ ctx, apiId, format }: { ctx: Ctx; apiId: string; format: DefinitionFormat }): Promise<DefinitionExport> {
  const actor = authorize(ctx, "api:view");
  const row = await findOwnApi(ctx.db, actor, apiId);
  const detail = await loadApiDetail(ctx.db, row);
  const stored = row.definition ?? (await buildDefinition(row, detail.resources, detail.scopes, null));
  const document = orderDefinition(stored, detail.resources);
  const fileName = `${row.name}-${row.version}.${format === "yaml" ? "yaml" : "json"}`.replace(/[^A-Za-z0-9._-]+/g, "_");
  return { ...serializeDefinition(document, format), fileName };
}

const UpdateDefinitionInput = z.object({ definition: z.unknown() });

/**
 * Saves an edited definition: it must be a valid OpenAPI 3.x / Swagger 2.0 document; its paths
 * replace the API's resources, its declared scopes replace the API's scopes (kept when it declares
 * none), and `info.description` becomes the API's description. Identity (name, version) stays.
 */
export async function updateDefinition({ ctx, apiId, input }: { ctx: Ctx; apiId: string; input: unknown }): Promise<ApiDetail> {
  const actor = authorize(ctx, "api:create");
  const { definition } = parseInput(UpdateDefinitionInput, input);
  const { parsed, resources, scopes: declared } = await readDefinitionInput(definition);
  const api = await ctx.db.transaction(async (tx) => {
    const row = await findOwnApi(tx, actor, apiId, { lock: true });
    const scopes = withReferencedScopes(declared ?? (await loadApiDetail(tx, row)).scopes, resources);
    await inDefinitionTerms(parsed, resources, async () => {
      await checkTiers(tx, { resources });
      checkResourceScopes(resources, scopes);
    });
    const info = (parsed.document.info ?? {}) as { description?: unknown };
    const description = typeof info.description === "string" ? info.description.slice(0, 5000) : row.description;
    const document = await buildDefinition({ ...row, description }, resources, scopes, parsed.document);
    const [updated] = await tx
      .update(apis)
      .set({ definition: document, description, updatedAt: new Date() })
      .where(eq(apis.id, row.id))
      .returning(apiColumns);
    await replaceResources(tx, row.id, resources);
    await replaceScopes(tx, row.id, scopes);
    await recordAudit(tx, actor, {
      action: "api.definition.update",
      targetType: "api",
      targetId: row.id,
      details: { resources: resources.length, scopes: scopes.length },
    });
    return loadApiDetail(tx, updated);
  });
  await announce({ type: "api.changed", apiId: api.id });
  return api;
}
