import { BadRequestError } from "@/lib/errors";
import { readJson } from "@/lib/http/api-route";

/** Far above every limit of the services (5 MB files and definitions), so they can say which field is too large. */
const MAX_BODY_BYTES = 12 * 1024 * 1024;

export type FilePart = { name: string; type: string; bytes: Uint8Array };

function contentType(request: Request): string {
  return (request.headers.get("content-type") ?? "").toLowerCase();
}

function checkSize(request: Request) {
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) throw new BadRequestError("The request body is larger than 12 MB.");
}

export function isMultipart(request: Request): boolean {
  return contentType(request).startsWith("multipart/form-data");
}

/** A multipart form as plain fields, with files as `{ name, type, bytes }`. */
export async function readMultipart(request: Request): Promise<Record<string, string | FilePart>> {
  checkSize(request);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new BadRequestError("The multipart body could not be read.");
  }
  const fields: Record<string, string | FilePart> = {};
  for (const [key, value] of form) {
    if (typeof value === "string") fields[key] = value;
    else if (value.size > 0) fields[key] = { name: value.name || key, type: value.type || "application/octet-stream", bytes: new Uint8Array(await value.arrayBuffer()) };
  }
  return fields;
}

/** JSON, or a multipart form (for file uploads); anything else is a 400. */
export async function readJsonOrMultipart(request: Request): Promise<unknown> {
  if (isMultipart(request)) return readMultipart(request);
  checkSize(request);
  return readJson(request);
}

/**
 * An OpenAPI definition in a request: raw YAML/JSON text (`application/yaml`, `text/*`), a JSON
 * body that is the document itself or `{ "definition": … }`, or a multipart form with a `file`.
 * Returns the service input with the other fields of the body alongside.
 */
export async function readDefinitionBody(request: Request): Promise<Record<string, unknown>> {
  const type = contentType(request);
  if (isMultipart(request)) {
    const { file, ...fields } = await readMultipart(request);
    const definition = file && typeof file !== "string" ? new TextDecoder().decode(file.bytes) : fields.definition;
    return { ...fields, definition };
  }
  if (/yaml|^text\//.test(type)) {
    checkSize(request);
    return { definition: await request.text() };
  }
  const body = await readJson(request);
  if (body && typeof body === "object" && !Array.isArray(body) && ("openapi" in body || "swagger" in body)) return { definition: body };
  return (body ?? {}) as Record<string, unknown>;
}
