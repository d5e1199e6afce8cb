import "server-only";
import { dereference, validate, type ParserOptions } from "@readme/openapi-parser";
import type { OpenAPIV3 } from "openapi-types";
import { DefinitionError, type DefinitionProblem } from "./definition-error";
import type { JsonPath, OpenApiDocument, ParsedDefinition } from "./parse-definition";

/** Never fetch or read anything a definition points at: `$ref`s to URLs or files would be an SSRF. */
const PARSER_OPTIONS = {
  resolve: { external: false, file: false },
  dereference: { circular: "ignore" },
} satisfies ParserOptions;

/** The definition with its internal `$ref`s resolved (circular ones stay as `$ref`). */
export async function dereferenced(document: OpenApiDocument): Promise<OpenApiDocument> {
  const copy = structuredClone(document) as unknown as OpenAPIV3.Document;
  return (await dereference(copy, PARSER_OPTIONS)) as unknown as OpenApiDocument;
}

/**
 * Validates against the Swagger 2.0 / OpenAPI 3.0 / 3.1 schemas with a maintained validator and
 * throws a DefinitionError whose problems point at lines of the user's text where they can be found.
 */
export async function assertValidDefinition(parsed: ParsedDefinition, field = "definition"): Promise<void> {
  const copy = structuredClone(parsed.document) as unknown as OpenAPIV3.Document;
  let result;
  try {
    result = await validate(copy, PARSER_OPTIONS);
  } catch (error) {
    throw new DefinitionError([{ line: null, message: error instanceof Error ? error.message : "The definition could not be read." }], field);
  }
  if (result.valid) return;
  const needsFrameMap = result.errors.some((e) => CODE_FRAME_LINE.test(e.message));
  const frameLines = needsFrameMap ? jsonLinePaths(await dereferenced(parsed.document).catch(() => parsed.document)) : [];
  const problems = result.errors.slice(0, 20).map((error) => toProblem(error.message, parsed, frameLines));
  if (result.additionalErrors > 0) problems.push({ line: null, message: `…and ${result.additionalErrors} more errors.` });
  throw new DefinitionError(problems, field);
}

const CODE_FRAME_LINE = /^>\s*(\d+)\s*\|/m;

/**
 * The validator reports schema errors with a code frame of the dereferenced document printed as
 * JSON with two-space indent; other errors name a JSON pointer in backticks. Either way we recover a
 * path and ask the user's text where that path is.
 */
function toProblem(raw: string, parsed: ParsedDefinition, frameLines: JsonPath[]): DefinitionProblem {
  const message = cleanMessage(raw);
  const frame = CODE_FRAME_LINE.exec(raw);
  if (frame) {
    const path = frameLines[Number(frame[1]) - 1];
    if (path) return { line: parsed.locate(path), message: withWhere(message, path) };
  }
  const pointer = /`(\/[^`]*)`/.exec(raw)?.[1];
  if (pointer) return { line: parsed.locate(pointerToPath(pointer, parsed.document)), message };
  if (/`paths` object/.test(raw)) {
    const paths = parsed.document.paths as Record<string, unknown> | undefined;
    const bad = Object.keys(paths ?? {}).find((key) => !key.startsWith("/"));
    return { line: parsed.locate(bad ? ["paths", bad] : ["paths"]), message };
  }
  return { line: null, message };
}

/** "ADDITIONAL PROPERTY must NOT have…" → "must NOT have…", plus the frame's hint when it adds something. */
function cleanMessage(raw: string): string {
  const first = raw.split("\n")[0].replace(/^(?:[A-Z]+ )+(?=[a-z])/, "").trim();
  const hint = /^\s*\|\s*\^+\s*(.+)$/m.exec(raw)?.[1]?.trim();
  return hint && !/is missing here/.test(hint) ? `${first}: ${hint}` : first;
}

function withWhere(message: string, path: JsonPath): string {
  return path.length === 0 ? message : `${message} (at ${path.map(String).join(" › ")})`;
}

/** Path keys contain slashes that the validator does not escape, so match them against the document's keys. */
function pointerToPath(pointer: string, document: OpenApiDocument): JsonPath {
  if (pointer.startsWith("/paths/")) {
    const rest = pointer.slice("/paths".length);
    const keys = Object.keys((document.paths as Record<string, unknown>) ?? {}).sort((a, b) => b.length - a.length);
    const key = keys.find((k) => rest === k || rest.startsWith(`${k}/`));
    if (key) return ["paths", key, ...rest.slice(key.length).split("/").filter(Boolean).map(unescapePointer)];
  }
  return pointer.split("/").slice(1).map(unescapePointer);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** For each line of `JSON.stringify(value, null, 2)`, the path of the value that line belongs to. */
export function jsonLinePaths(value: unknown): JsonPath[] {
  const lines: JsonPath[] = [[]];
  const walk = (node: unknown, path: JsonPath) => {
    if (Array.isArray(node)) {
      if (node.length === 0) return;
      node.forEach((item, i) => {
        lines.push([...path, i]);
        walk(item, [...path, i]);
      });
      lines.push(path);
    } else if (node && typeof node === "object") {
      const entries = Object.entries(node).filter(([, v]) => v !== undefined && typeof v !== "function" && typeof v !== "symbol");
      if (entries.length === 0) return;
      for (const [key, child] of entries) {
        lines.push([...path, key]);
        walk(child, [...path, key]);
      }
      lines.push(path);
    }
  };
  walk(value, []);
  return lines;
}
