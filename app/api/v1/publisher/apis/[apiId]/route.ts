import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { deleteApi } from "@/lib/apis/delete-api";
import { getApi } from "@/lib/apis/get-api";
import { updateApi } from "@/lib/apis/update-api";

type Params = { apiId: string };

export const GET = apiRoute<Params>("apim:api_view", async ({ params, ctx }) => json(await getApi({ ctx, apiId: params.apiId })));

/** Changes the fields given and leaves the rest; name, context and version cannot change. */
export const PUT = apiRoute<Params>("apim:api_create", async ({ request, params, ctx }) =>
  json(await updateApi({ ctx, apiId: params.apiId, input: await readJson(request) })),
);

/** Refused (409) while any application subscribes to the API. */
export const DELETE = apiRoute<Params>("apim:api_create", async ({ params, ctx }) => {
  await deleteApi({ ctx, apiId: params.apiId });
  return new Response(null, { status: 204 });
});
