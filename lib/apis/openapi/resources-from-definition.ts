import "server-only";
import { HTTP_METHODS } from "@/db/schema/apis";
import { Resource, type ResourceInput, type ScopeInput } from "../schemas";
import { normalizeResources } from "../normalize-resources";
import { DefinitionError, type DefinitionProblem } from "./definition-error";
import { readParameters } from "./operation-parameters";
import { specVersion, type OpenApiDocument, type ParsedDefinition } from "./parse-definition";
import { readAuthType, readScopeDefinitions, readScopeKeys, X_AUTH_TYPE, X_SCOPE, X_THROTTLING_TIER } from "./vendor-extensions";

type Json = Record<string, unknown>;

export type DefinitionContent = {
  resources: ResourceInput[];
  /** Scopes the definition declares; null when it declares none. */
  scopes: ScopeInput[] | null;
};

/**
 * Reads resources (method + URI template, auth type, tier, scopes, summary, parameters) out of a
 * valid definition. `resolved` is the same definition with its `$ref`s resolved, for parameters.
 */
export function contentFromDefinition(parsed: ParsedDefinition, resolved: OpenApiDocument, field = "definition"): DefinitionContent {
  const version = specVersion(parsed.document);
  const paths = (resolved.paths ?? {}) as Record<string, Json>;
  const resources: ResourceInput[] = [];
  const problems: DefinitionProblem[] = [];
  for (const [target, pathItem] of Object.entries(paths)) {
    if (!pathItem || typeof pathItem !== "object") continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method.toLowerCase()] as Json | undefined;
      if (!operation || typeof operation !== "object") continue;
      const result = Resource.safeParse({
        method,
        target,
        authType: readAuthType(operation[X_AUTH_TYPE]) ?? (Array.isArray(operation.security) && operation.security.length === 0 ? "None" : undefined),
        throttlingTier: typeof operation[X_THROTTLING_TIER] === "string" ? operation[X_THROTTLING_TIER] : undefined,
        scopes: readScopeKeys(operation[X_SCOPE]),
        summary: typeof operation.summary === "string" ? operation.summary.slice(0, 500) : "",
        parameters: readParameters(pathItem, operation, version),
      });
      if (result.success) resources.push(result.data);
      else {
        const issue = result.error.issues[0];
        problems.push({
          line: parsed.locate(["paths", target, method.toLowerCase()]),
          message: `${method} ${target}: ${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`,
        });
      }
    }
  }
  if (problems.length > 0) throw new DefinitionError(problems, field);
  return { resources: normalizeResources(resources), scopes: readScopeDefinitions(parsed.document) };
}

/** `scopes` plus a bare definition (name = key, no roles) for each scope a resource names that is not among them. */
export function withReferencedScopes(scopes: ScopeInput[], resources: ResourceInput[]): ScopeInput[] {
  const missing = [...new Set(resources.flatMap((r) => r.scopes))].filter((key) => !scopes.some((s) => s.key === key));
  return [...scopes, ...missing.map((key) => ({ key, name: key, description: "", roles: [] }))];
}
