import "server-only";
import { HTTP_METHODS } from "@/db/schema/apis";
import type { OpenApiDocument } from "./parse-definition";

type Json = Record<string, unknown>;

/** The order OpenAPI documents are usually written in; keys not listed keep their place after these. */
const TOP_LEVEL = ["swagger", "openapi", "info", "externalDocs", "host", "basePath", "schemes", "servers", "consumes", "produces", "tags", "security", "paths", "components", "definitions", "parameters", "responses", "securityDefinitions"];
const INFO = ["title", "description", "termsOfService", "contact", "license", "version"];
const OPERATION = ["tags", "summary", "description", "operationId", "consumes", "produces", "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers"];
const PARAMETER = ["name", "in", "description", "required"];

function ordered(object: Json, first: string[]): Json {
  const keys = Object.keys(object);
  const head = first.filter((k) => k in object);
  const rest = keys.filter((k) => !first.includes(k));
  // Vendor extensions go last, as generators write them.
  const sorted = [...head, ...rest.filter((k) => !k.startsWith("x-")), ...rest.filter((k) => k.startsWith("x-"))];
  return Object.fromEntries(sorted.map((k) => [k, object[k]]));
}

/**
 * The database keeps definitions as jsonb, which does not keep key order. Before a definition is
 * shown or exported, its keys are put back in the conventional order and its paths in the order of
 * the API's resources, so the text reads as written and a re-import gives the resources in order.
 */
export function orderDefinition(document: OpenApiDocument, resourceOrder: { method: string; target: string }[]): OpenApiDocument {
  const result = ordered(document, TOP_LEVEL);
  if (result.info && typeof result.info === "object") result.info = ordered(result.info as Json, INFO);
  const paths = (result.paths ?? {}) as Record<string, Json>;
  const targets = [...new Set([...resourceOrder.map((r) => r.target).filter((t) => t in paths), ...Object.keys(paths)])];
  result.paths = Object.fromEntries(
    targets.map((target) => {
      const item = paths[target];
      const methods = [
        ...resourceOrder.filter((r) => r.target === target).map((r) => r.method.toLowerCase()),
        ...HTTP_METHODS.map((m) => m.toLowerCase()),
      ].filter((m, i, all) => m in item && all.indexOf(m) === i);
      const others = Object.keys(item).filter((k) => !methods.includes(k));
      const entries = [...others.filter((k) => k === "parameters" || !k.startsWith("x-")).map((k) => [k, item[k]]), ...methods.map((m) => [m, orderOperation(item[m] as Json)]), ...others.filter((k) => k.startsWith("x-")).map((k) => [k, item[k]])];
      return [target, Object.fromEntries(entries)];
    }),
  );
  return result;
}

function orderOperation(operation: Json): Json {
  const result = ordered(operation, OPERATION);
  if (Array.isArray(result.parameters)) {
    result.parameters = result.parameters.map((p) => (p && typeof p === "object" && !Array.isArray(p) ? ordered(p as Json, PARAMETER) : p));
  }
  return result;
}
