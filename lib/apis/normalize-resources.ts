import "server-only";
import type { ResourceParameter } from "@/db/schema/apis";
import { pathParameterNames } from "./openapi/operation-parameters";
import type { ResourceInput } from "./schemas";

/**
 * Resources in the one shape both directions of the definition sync produce: every `{param}` of the
 * URI template declared as a required path parameter, every parameter with a schema, and the body
 * last (OpenAPI 3 keeps it apart from the parameters, so that is where it comes back). Stored
 * this way, writing a definition and reading it back gives the same resources.
 */
export function normalizeResources(resources: ResourceInput[]): ResourceInput[] {
  return resources.map((resource) => {
    const parameters: ResourceParameter[] = resource.parameters.map((p) => {
      const parameter: ResourceParameter = { name: p.name, in: p.in, required: p.in === "path" ? true : p.required };
      if (p.description) parameter.description = p.description;
      parameter.schema = p.schema ?? { type: p.in === "body" ? "object" : "string" };
      return parameter;
    });
    for (const name of pathParameterNames(resource.target)) {
      if (!parameters.some((p) => p.in === "path" && p.name === name)) {
        parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
      }
    }
    const ordered = [...parameters.filter((p) => p.in !== "body"), ...parameters.filter((p) => p.in === "body")];
    return { ...resource, scopes: [...new Set(resource.scopes)], parameters: ordered };
  });
}
