import "server-only";
import { stringify } from "yaml";
import type { OpenApiDocument } from "./parse-definition";

export type DefinitionFormat = "json" | "yaml";

export function serializeDefinition(document: OpenApiDocument, format: DefinitionFormat): { text: string; contentType: string } {
  if (format === "yaml") {
    // No anchors/aliases: shared objects are written out in full, as every OpenAPI tool expects.
    return { text: stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 }), contentType: "application/yaml; charset=utf-8" };
  }
  return { text: `${JSON.stringify(document, null, 2)}\n`, contentType: "application/json; charset=utf-8" };
}
