import "server-only";
import { loadApiDetail } from "@/lib/apis/api-detail";
import type { ApiRow } from "@/lib/apis/access";
import { buildDefinition } from "@/lib/apis/openapi/definition-from-api";
import type { DefinitionExport } from "@/lib/apis/openapi/definition-service";
import type { OpenApiDocument } from "@/lib/apis/openapi/parse-definition";
import { serializeDefinition } from "@/lib/apis/openapi/serialize";
import type { Queryable } from "@/db/client";
import { config } from "@/lib/config";
import { parseInput, type Ctx } from "@/lib/services/context";
import { ApiIdInput, DefinitionInput } from "./schemas";
import { consoleDocument } from "./console-document";
import { gatewayUrl } from "./api-view";
import { findVisibleApi } from "./visibility";

async function definitionOf(db: Queryable, row: ApiRow): Promise<OpenApiDocument> {
  if (row.definition) return row.definition;
  const detail = await loadApiDetail(db, row);
  return buildDefinition(row, detail.resources, detail.scopes, null);
}

/** The definition of an API the caller may see, as a JSON or YAML download. */
export async function getDevportalDefinition({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<DefinitionExport> {
  const { apiId, format } = parseInput(DefinitionInput, input);
  const row = await findVisibleApi(ctx.db, ctx.actor, apiId);
  const document = await definitionOf(ctx.db, row);
  const fileName = `${row.name}-${row.version}.${format}`.replace(/[^A-Za-z0-9._-]+/g, "_");
  return { ...serializeDefinition(document, format), fileName };
}

export type ConsoleDefinition = {
  document: OpenApiDocument;
  /** False when the API's own CORS settings keep browsers on the portal's origin from calling it. */
  corsAllowsPortal: boolean;
};

/** The definition as the API console uses it: served from the gateway, with Bearer auth where resources need it. */
export async function getConsoleDefinition({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ConsoleDefinition> {
  const { apiId } = parseInput(ApiIdInput, input);
  const row = await findVisibleApi(ctx.db, ctx.actor, apiId);
  const origin = new URL(config().publicUrl).origin;
  const corsAllowsPortal = !row.cors || (row.cors.enabled && row.cors.allowOrigins.some((o) => o === "*" || o === origin));
  return { document: consoleDocument(await definitionOf(ctx.db, row), gatewayUrl(row)), corsAllowsPortal };
}
