import "server-only";
import type { ResourceParameter } from "@/db/schema/apis";
import type { SpecVersion } from "./parse-definition";

type Json = Record<string, unknown>;

const SCHEMA_KEYS_V2 = ["type", "format", "items", "enum", "default", "minimum", "maximum", "pattern"] as const;

/**
 * The parameters of one operation as our resources keep them: path-level ones merged with the
 * operation's (which win on name + location), and a request body as one `body` parameter.
 * Expects a dereferenced definition; cookie and form parameters are not modelled and are left out.
 */
export function readParameters(pathItem: Json, operation: Json, version: SpecVersion): ResourceParameter[] {
  const merged = new Map<string, Json>();
  for (const list of [pathItem.parameters, operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      if (p && typeof p === "object" && typeof (p as Json).name === "string") merged.set(`${(p as Json).in}:${(p as Json).name}`, p as Json);
    }
  }
  const result: ResourceParameter[] = [];
  for (const p of merged.values()) {
    const location = p.in;
    if (location !== "path" && location !== "query" && location !== "header" && location !== "body") continue;
    const parameter: ResourceParameter = { name: String(p.name), in: location, required: p.required === true };
    if (typeof p.description === "string" && p.description) parameter.description = p.description;
    const schema = location === "body" || version !== "2.0" ? p.schema : pick(p, SCHEMA_KEYS_V2);
    if (schema && typeof schema === "object" && Object.keys(schema).length > 0) parameter.schema = schema as Json;
    result.push(parameter);
  }
  const body = operation.requestBody as Json | undefined;
  if (version !== "2.0" && body && typeof body === "object") {
    const content = (body.content ?? {}) as Record<string, Json>;
    const media = content["application/json"] ?? Object.values(content)[0];
    const parameter: ResourceParameter = { name: "body", in: "body", required: body.required === true };
    if (typeof body.description === "string" && body.description) parameter.description = body.description;
    if (media?.schema && typeof media.schema === "object") parameter.schema = media.schema as Json;
    result.push(parameter);
  }
  return result;
}

/** Parameters (and, for OpenAPI 3, the request body) of an operation written from resource parameters. */
export function writeParameters(
  parameters: ResourceParameter[],
  target: string,
  version: SpecVersion,
): { parameters: Json[]; requestBody?: Json } {
  const list: ResourceParameter[] = [...parameters];
  // Every {name} in the URI template must be declared as a required path parameter, or the definition is invalid.
  for (const name of pathParameterNames(target)) {
    if (!list.some((p) => p.in === "path" && p.name === name)) list.push({ name, in: "path", required: true });
  }
  const out: Json[] = [];
  let requestBody: Json | undefined;
  for (const p of list) {
    const required = p.in === "path" ? true : p.required;
    const base: Json = { name: p.name, in: p.in, required, ...(p.description ? { description: p.description } : {}) };
    if (p.in === "body") {
      if (version === "2.0") out.push({ ...base, schema: p.schema ?? { type: "object" } });
      else requestBody = { required, ...(p.description ? { description: p.description } : {}), content: { "application/json": { schema: p.schema ?? { type: "object" } } } };
    } else if (version === "2.0") {
      out.push({ ...base, ...(p.schema ? pick(p.schema, SCHEMA_KEYS_V2) : {}), type: typeof p.schema?.type === "string" ? p.schema.type : "string" });
    } else {
      out.push({ ...base, schema: p.schema ?? { type: "string" } });
    }
  }
  return { parameters: out, requestBody };
}

export function pathParameterNames(target: string): string[] {
  return [...target.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

function pick(source: Json, keys: readonly string[]): Json {
  return Object.fromEntries(keys.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]));
}

/** Order-insensitive on object keys, so parameters read back from a definition compare equal to those written. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
