import "server-only";
import { HTTP_METHODS } from "@/db/schema/apis";
import type { ResourceInput, ScopeInput } from "../schemas";
import { readParameters, sameJson, writeParameters } from "./operation-parameters";
import { specVersion, type OpenApiDocument } from "./parse-definition";
import { dereferenced } from "./validate-definition";
import { writeScopeDefinitions, writeScopeKeys, X_AUTH_TYPE, X_BASE_PATH, X_SCOPE, X_THROTTLING_TIER } from "./vendor-extensions";

type Json = Record<string, unknown>;
type Identity = { name: string; context: string; version: string; description: string };

const OPERATION_KEYS = new Set(HTTP_METHODS.map((m) => m.toLowerCase()));

/**
 * The definition for an API's current resources and scopes. With a previous definition, everything
 * else in it is kept (info fields, components, responses, request bodies, descriptions, other
 * extensions); only `paths` is regenerated, and an operation whose parameters did not change keeps
 * its own parameters and request body as written, `$ref`s included.
 */
export async function buildDefinition(
  api: Identity,
  resources: ResourceInput[],
  scopes: ScopeInput[],
  previous: OpenApiDocument | null,
): Promise<OpenApiDocument> {
  const document: OpenApiDocument = previous ? structuredClone(previous) : { openapi: "3.0.3", info: {}, paths: {} };
  const version = specVersion(document);
  const resolved = previous ? await dereferenced(previous).catch(() => previous) : null;
  const oldPaths = (document.paths ?? {}) as Record<string, Json>;
  const resolvedPaths = (resolved?.paths ?? {}) as Record<string, Json>;

  const info: Json = { ...((document.info as Json | undefined) ?? {}), title: api.name, version: api.version };
  if (api.description) info.description = api.description;
  document.info = info;
  document[X_BASE_PATH] = `${api.context}/${api.version}`;

  const paths: Record<string, Json> = {};
  for (const target of [...new Set(resources.map((r) => r.target))]) {
    const own = resources.filter((r) => r.target === target);
    const oldItem = oldPaths[target] ?? {};
    const resolvedItem = resolvedPaths[target] ?? {};
    const unchanged = (r: ResourceInput) => {
      const op = resolvedItem[r.method.toLowerCase()] as Json | undefined;
      return op !== undefined && sameJson(r.parameters, readParameters(resolvedItem, op, version));
    };
    const keepParameters = own.every(unchanged);
    const item: Json = Object.fromEntries(Object.entries(oldItem).filter(([key]) => !OPERATION_KEYS.has(key)));
    // Changed parameters are written in full on each operation, so path-level ones would be duplicates.
    if (!keepParameters) delete item.parameters;
    for (const resource of own) {
      const key = resource.method.toLowerCase();
      const old = oldItem[key] as Json | undefined;
      const operation: Json = old ? structuredClone(old) : { responses: { "200": { description: "OK" } } };
      if (!keepParameters) {
        const written = writeParameters(resource.parameters, target, version);
        delete operation.parameters;
        delete operation.requestBody;
        if (written.parameters.length > 0) operation.parameters = written.parameters;
        if (written.requestBody) operation.requestBody = written.requestBody;
      }
      if (resource.summary) operation.summary = resource.summary;
      else delete operation.summary;
      operation[X_AUTH_TYPE] = resource.authType;
      operation[X_THROTTLING_TIER] = resource.throttlingTier;
      const scopeKeys = writeScopeKeys(resource.scopes);
      if (scopeKeys === undefined) delete operation[X_SCOPE];
      else operation[X_SCOPE] = scopeKeys;
      item[key] = operation;
    }
    paths[target] = item;
  }
  document.paths = paths;
  writeScopeDefinitions(document, scopes);
  return document;
}
