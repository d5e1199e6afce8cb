import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { testEndpoint } from "@/lib/apis/test-endpoint";

/** `{ "url": "https://…" }` or `{ "keyType": "SANDBOX" }` (the API's own endpoint): reachability, status and latency. */
export const POST = apiRoute<{ apiId: string }>("apim:api_create", async ({ request, params, ctx }) =>
  json(await testEndpoint({ ctx, apiId: params.apiId, input: await readJson(request) })),
);
