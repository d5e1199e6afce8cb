import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { rotateSigningKeys } from "@/lib/keys/signing-key-admin";

/**
 * Rotates the signing key: `{ noticeSeconds? }` (default 300; 0 for a leaked key), or no body → 201
 * `{ kid, activatesAt, retired }`. The new key is announced to the gateways before it signs.
 */
export const POST = apiRoute("apim:admin", async ({ request, ctx }) => {
  const empty = request.body === null || request.headers.get("content-length") === "0";
  return json(await rotateSigningKeys({ ctx, input: empty ? {} : await readJson(request) }), 201);
});
