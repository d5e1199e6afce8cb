import "server-only";
import { ValidationError } from "@/lib/errors";
import type { ResourceInput, ScopeInput } from "../schemas";
import { assertValidDefinition, dereferenced } from "./validate-definition";
import { contentFromDefinition } from "./resources-from-definition";
import { parseDefinitionText, parsedFromObject, type ParsedDefinition } from "./parse-definition";

export type ReadDefinition = { parsed: ParsedDefinition; resources: ResourceInput[]; scopes: ScopeInput[] | null };

/**
 * A definition as text (JSON or YAML) or as an already-parsed object, checked against its
 * specification and read into resources. Every failure names `field` and, where it can, the line.
 */
export async function readDefinitionInput(value: unknown, field = "definition"): Promise<ReadDefinition> {
  let parsed: ParsedDefinition;
  if (typeof value === "string") parsed = parseDefinitionText(value, field);
  else if (value && typeof value === "object" && !Array.isArray(value)) parsed = parsedFromObject(value, field);
  else throw new ValidationError(`${field}: required`, { [field]: ["Give an OpenAPI 3.x or Swagger 2.0 document, as JSON or YAML."] });
  await assertValidDefinition(parsed, field);
  const { resources, scopes } = contentFromDefinition(parsed, await dereferenced(parsed.document), field);
  return { parsed, resources, scopes };
}
