import "server-only";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { DefinitionError } from "./definition-error";

export type OpenApiDocument = Record<string, unknown>;
export type JsonPath = (string | number)[];

/** A parsed definition and a way back from a path inside it to a line of the text it came from. */
export type ParsedDefinition = { document: OpenApiDocument; locate: (path: JsonPath) => number | null };

export const MAX_DEFINITION_BYTES = 5 * 1024 * 1024;

/**
 * Parses JSON or YAML text (JSON is YAML 1.2, so one parser gives line numbers for both). Syntax
 * errors, duplicate keys and documents that are not OpenAPI 3.x / Swagger 2.0 become a DefinitionError.
 */
export function parseDefinitionText(text: string, field = "definition"): ParsedDefinition {
  if (Buffer.byteLength(text, "utf8") > MAX_DEFINITION_BYTES) {
    throw new DefinitionError([{ line: null, message: "The definition is larger than 5 MB." }], field);
  }
  if (text.trim() === "") throw new DefinitionError([{ line: null, message: "The definition is empty." }], field);
  const lineCounter = new LineCounter();
  const yaml = parseDocument(text, { lineCounter, prettyErrors: false, version: "1.2" });
  if (yaml.errors.length > 0) {
    throw new DefinitionError(
      yaml.errors.slice(0, 20).map((error) => ({
        line: lineCounter.linePos(error.pos[0]).line,
        message: error.message.split("\n")[0],
      })),
      field,
    );
  }
  // maxAliasCount bounds alias expansion, so a "billion laughs" document cannot exhaust memory.
  const document: unknown = yaml.toJS({ maxAliasCount: 100 });
  const locate = (path: JsonPath): number | null => {
    let node: unknown = yaml.contents;
    let line: number | null = node ? lineOf(node as Node) : null;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        line = lineOf(pair.key as Node) ?? line;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)];
        if (!item) break;
        line = lineOf(item as Node) ?? line;
        node = item;
      } else break;
    }
    return line;
  };
  const lineOf = (node: Node): number | null => (node.range ? lineCounter.linePos(node.range[0]).line : null);
  return { document: assertOpenApi(document, locate, field), locate };
}

/** For definitions that arrive already parsed (a JSON body): no lines to point at. */
export function parsedFromObject(document: unknown, field = "definition"): ParsedDefinition {
  const locate = () => null;
  return { document: assertOpenApi(document, locate, field), locate };
}

export type SpecVersion = "2.0" | "3.0" | "3.1";

export function specVersion(document: OpenApiDocument): SpecVersion {
  if (document.swagger === "2.0") return "2.0";
  return String(document.openapi).startsWith("3.1") ? "3.1" : "3.0";
}

function assertOpenApi(document: unknown, locate: (path: JsonPath) => number | null, field: string): OpenApiDocument {
  if (!document || typeof document !== "object" || Array.isArray(document)) {
    throw new DefinitionError([{ line: 1, message: "Expected an OpenAPI document: an object with `openapi` (3.0 or 3.1) or `swagger: \"2.0\"`." }], field);
  }
  const doc = document as OpenApiDocument;
  const openapi = doc.openapi;
  if (doc.swagger !== undefined && doc.swagger !== "2.0") {
    throw new DefinitionError([{ line: locate(["swagger"]), message: `Swagger ${String(doc.swagger)} is not supported; use 2.0 or OpenAPI 3.x.` }], field);
  }
  if (doc.swagger === undefined && (typeof openapi !== "string" || !/^3\.[01]\.\d+$/.test(openapi))) {
    throw new DefinitionError(
      [{ line: openapi === undefined ? 1 : locate(["openapi"]), message: "Set `openapi` to a 3.0.x or 3.1.x version (e.g. \"3.0.3\"), or `swagger` to \"2.0\"." }],
      field,
    );
  }
  return doc;
}
