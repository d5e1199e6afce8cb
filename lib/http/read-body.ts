import { BadRequestError, PayloadTooLargeError, ServiceError } from "@/lib/errors";
import { logger } from "@/lib/observability/log-core";
import { assertSafeText } from "./unsafe-text";

const log = logger("http");

/** The cap of a JSON body when the route names none. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Definitions and documents: far above the services' 5 MB limits, so they can say which field is too large. */
export const FILE_BODY_LIMIT = 12 * 1024 * 1024;

/**
 * Cancels a body that will not be read (one over its cap, a response whose content does not
 * matter), so its connection is released. A failure only means the stream is already gone; it is
 * logged at debug and never replaces the answer being given.
 */
export async function discardBody(body: { cancel(): Promise<void> } | null | undefined): Promise<void> {
  await body?.cancel().catch((error: unknown) => log.debug({ err: error }, "could not cancel a body"));
}

/**
 * The one place a request body is read. Reads the stream chunk by chunk and cancels it as soon as
 * the total passes `maxBytes` (413), so a chunked body without Content-Length cannot grow the process;
 * a declared Content-Length over the cap is refused before anything is read.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > maxBytes) {
    await discardBody(request.body);
    throw new PayloadTooLargeError(maxBytes);
  }
  if (request.bodyUsed) throw new BadRequestError("The request body was already read.");
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await discardBody(reader);
        throw new PayloadTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    // The client went away or sent a broken stream: its problem, not a 500.
    throw new BadRequestError("The request body could not be read.");
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The body as UTF-8 text, capped. */
export async function readText(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request, maxBytes));
}

/**
 * The request's JSON body, capped (1 MB unless the route says otherwise). Malformed JSON is a 400;
 * a string holding a control character is a 422 naming the field, before it can reach the database.
 */
export async function readJson(request: Request, { maxBytes = JSON_BODY_LIMIT }: { maxBytes?: number } = {}): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new BadRequestError("Send a JSON body with Content-Type: application/json.");
  const text = await readText(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError("The request body is not valid JSON.");
  }
  assertSafeText(value);
  return value;
}

/** A multipart body, capped while it streams, then parsed from the bytes read. */
export async function readFormData(request: Request, maxBytes: number): Promise<FormData> {
  const bytes = await readBodyBytes(request, maxBytes);
  try {
    return await new Response(bytes, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new BadRequestError("The multipart body could not be read.");
  }
}
