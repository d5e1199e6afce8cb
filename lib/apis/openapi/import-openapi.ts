import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { config } from "@/lib/config";
import { ValidationError } from "@/lib/errors";
import { discardBody } from "@/lib/http/read-body";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { announce } from "@/lib/events/bus";
import { loadApiDetail, type ApiDetail } from "../api-detail";
import { checkEndpointHosts } from "../api-parts";
import { insertApi, withConflictMapping } from "../create-api";
import { outboundFetch, readLimitedText } from "../safe-fetch";
import { ApiContext, ApiName, ApiVersion, CreateApiInput, EndpointUrl, Endpoints, Tags } from "../schemas";
import { inDefinitionTerms } from "./definition-lines";
import { MAX_DEFINITION_BYTES, type OpenApiDocument } from "./parse-definition";
import { readDefinitionInput } from "./read-definition-input";
import { withReferencedScopes } from "./resources-from-definition";
import { X_BASE_PATH } from "./vendor-extensions";

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

const ImportInput = z.object({
  /** The document as JSON/YAML text, or already parsed. */
  definition: z.preprocess(blank, z.union([z.string(), z.record(z.string(), z.unknown())]).optional()),
  /** Or where to fetch it from (same private-address guard as the endpoint test). */
  url: z.preprocess(blank, EndpointUrl.optional()),
  /** Overrides; by default name and version come from `info`, the context from the base path. */
  name: z.preprocess(blank, ApiName.optional()),
  context: z.preprocess(blank, ApiContext.optional()),
  version: z.preprocess(blank, ApiVersion.optional()),
  tags: Tags.optional(),
  endpoints: Endpoints.optional(),
});
export type ImportOpenApiInput = z.input<typeof ImportInput>;

/** Creates an API (state CREATED) from an OpenAPI 3.0/3.1 or Swagger 2.0 document, keeping the document. */
export async function importOpenApi({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ApiDetail> {
  const actor = authorize(ctx, "api:create");
  const data = parseInput(ImportInput, input);
  let source: unknown = data.definition;
  if (source === undefined && data.url) source = await download(data.url);
  if (source === undefined) {
    throw new ValidationError("definition: required", { definition: ["Upload a file, paste a definition or give its URL."] });
  }
  const field = data.definition === undefined && data.url ? "url" : "definition";
  const { parsed, resources, scopes } = await readDefinitionInput(source, field);
  const info = (parsed.document.info ?? {}) as { title?: unknown; version?: unknown; description?: unknown };
  const version = data.version ?? String(info.version ?? "");
  const apiInput = {
    name: data.name ?? String(info.title ?? "").trim(),
    context: data.context ?? contextFrom(parsed.document, version),
    version,
    description: typeof info.description === "string" ? info.description.slice(0, 5000) : "",
    tags: data.tags ?? [],
    endpoints: data.endpoints ?? {},
    resources,
    scopes: withReferencedScopes(scopes ?? [], resources),
  };
  const checked = await inDefinitionTerms(parsed, resources, () => parseInput(CreateApiInput, apiInput), field).catch((error) => {
    throw explainIdentity(error, apiInput);
  });
  await checkEndpointHosts(checked.endpoints);
  const api = await withConflictMapping(() =>
    ctx.db.transaction(async (tx) => {
      const row = await inDefinitionTerms(parsed, resources, () => insertApi(tx, actor, checked, { definition: parsed.document }), field);
      await recordAudit(tx, actor, {
        action: "api.import",
        targetType: "api",
        targetId: row.id,
        details: { name: row.name, context: row.context, version: row.version, from: data.url ?? "upload" },
      });
      return loadApiDetail(tx, row);
    }),
  );
  await announce({ type: "api.changed", apiId: api.id });
  return api;
}

async function download(url: string): Promise<string> {
  const response = await outboundFetch(url, {
    field: "url",
    allowPrivate: config().allowPrivateEndpoints,
    timeoutMs: 15_000,
    accept: "application/json, application/yaml, text/yaml, */*;q=0.5",
  }).catch((error) => {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError("url: unreachable", { url: ["The URL could not be fetched. Check it, or upload the file instead."] });
  });
  if (response.status >= 300) {
    await discardBody(response.body);
    const where = response.headers.get("location");
    const message = where ? `The URL redirects (${response.status}) to ${where}; give that URL instead.` : `The URL answered ${response.status}.`;
    throw new ValidationError(`url: ${message}`, { url: [message] });
  }
  return readLimitedText(response, MAX_DEFINITION_BYTES, "url");
}

/** `x-wso2-basePath` (`/pizzashack/1.0.0`), Swagger's `basePath`, or the path of the first server URL. */
function contextFrom(document: OpenApiDocument, version: string): string | undefined {
  const servers = document.servers as { url?: unknown }[] | undefined;
  const serverUrl = typeof servers?.[0]?.url === "string" ? servers[0].url : undefined;
  const candidates = [document[X_BASE_PATH], document.basePath, serverUrl && new URL(serverUrl, "http://placeholder").pathname];
  for (const candidate of candidates) {
    if (typeof candidate !== "string") continue;
    const path = candidate.replace(/\/+$/, "").replace(new RegExp(`/${escapeRegExp(version)}$`), "");
    if (ApiContext.safeParse(path).success) return path;
  }
  return undefined;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Name, version and context come from the document unless given; say so when they do not fit. */
function explainIdentity(error: unknown, api: { name: string; context?: string; version: string }): unknown {
  if (!(error instanceof ValidationError)) return error;
  const fields = { ...error.fieldErrors };
  if (fields.name) fields.name = [`The definition's title “${api.name}” cannot be used as the API name: ${fields.name[0]} Give a name.`];
  if (fields.version) fields.version = [`The definition's version “${api.version}” cannot be used: ${fields.version[0]} Give a version.`];
  if (fields.context && api.context === undefined) fields.context = ["The definition has no base path to take a context from. Give a context, e.g. /petstore."];
  const first = Object.entries(fields)[0];
  return new ValidationError(first ? `${first[0]}: ${first[1][0]}` : error.message, fields);
}
