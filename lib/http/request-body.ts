import { BadRequestError } from "@/lib/errors";
import { FILE_BODY_LIMIT, JSON_BODY_LIMIT, readFormData, readJson, readText } from "./read-body";
import { assertSafeText } from "./unsafe-text";

export type FilePart = { name: string; type: string; bytes: Uint8Array };

function contentType(request: Request): string {
  return (request.headers.get("content-type") ?? "").toLowerCase();
}

export function isMultipart(request: Request): boolean {
  return contentType(request).startsWith("multipart/form-data");
}

/** A REST request's optional JSON object body: `{}` when there is none. */
export async function readOptionalJson(request: Request): Promise<Record<string, unknown>> {
  let body: unknown = {};
  if (request.headers.get("content-type")) {
    body = await readJson(request);
  } else if ((await readText(request, JSON_BODY_LIMIT)).trim() !== "") {
    throw new BadRequestError("Send a JSON body with Content-Type: application/json.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new BadRequestError("The body must be a JSON object.");
  return body as Record<string, unknown>;
}

/** A multipart form (at most 12 MB) as plain fields, with files as `{ name, type, bytes }`. */
export async function readMultipart(request: Request, { maxBytes = FILE_BODY_LIMIT }: { maxBytes?: number } = {}): Promise<Record<string, string | FilePart>> {
  const form = await readFormData(request, maxBytes);
  const fields: Record<string, string | FilePart> = {};
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else if (value.size > 0) fields[key] = { name: value.name || key, type: value.type || "application/octet-stream", bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  assertSafeText(Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === "string" ? value : value.name])));
  return fields;
}

/** JSON, or a multipart form (for file uploads); at most 12 MB; anything else is a 400. */
export async function readJsonOrMultipart(request: Request): Promise<unknown> {
  if (isMultipart(request)) return readMultipart(request);
  return readJson(request, { maxBytes: FILE_BODY_LIMIT });
}

/**
 * An OpenAPI definition in a request (at most 12 MB): raw YAML/JSON text (`application/yaml`, `text/*`),
 * a JSON body that is the document itself or `{ "definition": … }`, or a multipart form with a `file`.
 * Returns the service input with the other fields of the body alongside.
 */
export async function readDefinitionBody(request: Request): Promise<Record<string, unknown>> {
  const type = contentType(request);
  if (isMultipart(request)) {
    const { file, ...fields } = await readMultipart(request);
    const definition = file && typeof file !== "string" ? new TextDecoder().decode(file.bytes) : fields.definition;
    assertSafeText({ definition });
    return { ...fields, definition };
  }
  if (/yaml|^text\//.test(type)) {
    const definition = await readText(request, FILE_BODY_LIMIT);
    assertSafeText({ definition });
    return { definition };
  }
  const body = await readJson(request, { maxBytes: FILE_BODY_LIMIT });
  if (body && typeof body === "object" && !Array.isArray(body) && ("openapi" in body || "swagger" in body)) return { definition: body };
  return (body ?? {}) as Record<string, unknown>;
}
