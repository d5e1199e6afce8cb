import "server-only";
import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { apiDocuments, apiEndpoints, apiResources, apiScopes, apis } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { apiColumns, findOwnApi } from "./access";
import { announce } from "@/lib/events/bus";
import { loadApiDetail, type ApiDetail } from "./api-detail";
import { duplicateVersion } from "./context-ownership";
import { withConflictMapping } from "./create-api";
import { FormBoolean } from "./form-values";
import { omit } from "./omit";
import { X_BASE_PATH } from "./openapi/vendor-extensions";
import { ApiVersion } from "./schemas";

const CreateVersionInput = z.object({ version: ApiVersion, isDefault: FormBoolean.default(false) });
export type CreateVersionInput = z.input<typeof CreateVersionInput>;

/**
 * "Create New Version": a copy of the API under the same context with everything it has (resources,
 * endpoints, scopes, documents, definition, tiers, CORS, thumbnail), in state CREATED.
 */
export async function createVersion({ ctx, apiId, input }: { ctx: Ctx; apiId: string; input: unknown }): Promise<ApiDetail> {
  const actor = authorize(ctx, "api:create");
  const { version, isDefault } = parseInput(CreateVersionInput, input);
  const { api, changed } = await withConflictMapping(() =>
    ctx.db.transaction(async (tx) => {
      const source = await findOwnApi(tx, actor, apiId);
      const [taken] = await tx.select({ id: apis.id }).from(apis).where(and(eq(apis.context, source.context), eq(apis.version, version)));
      if (taken) throw duplicateVersion(source.context, version);
      const [{ thumbnail }] = await tx.select({ thumbnail: apis.thumbnail }).from(apis).where(eq(apis.id, source.id));
      const copy = omit(source, "id", "createdAt", "updatedAt");
      const definition = source.definition
        ? { ...source.definition, info: { ...(source.definition.info as object), version }, [X_BASE_PATH]: `${source.context}/${version}` }
        : null;
      const [row] = await tx
        .insert(apis)
        .values({ ...copy, version, state: "CREATED", isDefaultVersion: false, thumbnail, definition, createdBy: actor.id })
        .returning(apiColumns);
      await copyParts(tx, source.id, row.id);
      const changed = [row.id];
      if (isDefault) changed.push(...(await makeDefault(tx, row.id, source.context)));
      await recordAudit(tx, actor, {
        action: "api.version.create",
        targetType: "api",
        targetId: row.id,
        details: { from: source.id, context: source.context, version, isDefault },
      });
      return { api: await loadApiDetail(tx, { ...row, isDefaultVersion: isDefault }), changed };
    }),
  );
  await announce(...changed.map((apiId) => ({ type: "api.changed" as const, apiId })));
  return api;
}

async function copyParts(tx: Tx, fromId: string, toId: string) {
  const endpoints = await tx.select().from(apiEndpoints).where(eq(apiEndpoints.apiId, fromId));
  const resources = await tx.select().from(apiResources).where(eq(apiResources.apiId, fromId));
  const scopes = await tx.select().from(apiScopes).where(eq(apiScopes.apiId, fromId));
  const documents = await tx.select().from(apiDocuments).where(eq(apiDocuments.apiId, fromId));
  if (endpoints.length) await tx.insert(apiEndpoints).values(endpoints.map((e) => ({ ...omit(e, "id", "createdAt", "updatedAt"), apiId: toId })));
  if (resources.length) await tx.insert(apiResources).values(resources.map((r) => ({ ...omit(r, "id"), apiId: toId })));
  if (scopes.length) await tx.insert(apiScopes).values(scopes.map((s) => ({ ...omit(s, "id"), apiId: toId })));
  if (documents.length) await tx.insert(apiDocuments).values(documents.map((d) => ({ ...omit(d, "id", "createdAt", "updatedAt"), apiId: toId })));
}

/** Makes `apiId` the one default version of its context; returns the ids whose flag changed. */
export async function makeDefault(tx: Tx, apiId: string, context: string): Promise<string[]> {
  // Lock the context's versions first: the updates below then see any default another transaction just set.
  await tx.select({ id: apis.id }).from(apis).where(eq(apis.context, context)).for("update");
  const others = await tx
    .update(apis)
    .set({ isDefaultVersion: false })
    .where(and(eq(apis.context, context), ne(apis.id, apiId), eq(apis.isDefaultVersion, true)))
    .returning({ id: apis.id });
  await tx.update(apis).set({ isDefaultVersion: true }).where(eq(apis.id, apiId));
  return [apiId, ...others.map((o) => o.id)];
}
