import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createApi } from "@/lib/apis/create-api";
import { listApis } from "@/lib/apis/list-apis";

/** `?query=` matches name, context or tag (`tag:pizza` for tags only); `?state=` filters by lifecycle state. */
export const GET = apiRoute("apim:api_view", async ({ request, ctx }) => {
  const params = new URL(request.url).searchParams;
  const list = await listApis({ ctx, input: { query: params.get("query") || undefined, state: params.get("state") || undefined } });
  return json({ count: list.length, list });
});

export const POST = apiRoute("apim:api_create", async ({ request, ctx }) => {
  const api = await createApi({ ctx, input: await readJson(request) });
  return json(api, 201, { location: `/api/v1/publisher/apis/${api.id}` });
});
