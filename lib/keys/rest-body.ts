import { BadRequestError } from "@/lib/errors";
import { readJson } from "@/lib/http/api-route";

/** A REST request's optional JSON object body: `{}` when there is none. */
export async function readOptionalJson(request: Request): Promise<Record<string, unknown>> {
  let body: unknown = {};
  if (request.headers.get("content-type")) {
    body = await readJson(request);
  } else if ((await request.text()).trim() !== "") {
    throw new BadRequestError("Send a JSON body with Content-Type: application/json.");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new BadRequestError("The body must be a JSON object.");
  return body as Record<string, unknown>;
}
