import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { changeLifecycle } from "@/lib/apis/change-lifecycle";
import { getApi } from "@/lib/apis/get-api";
import { allowedActions } from "@/lib/apis/lifecycle";

type Params = { apiId: string };

export const GET = apiRoute<Params>("apim:api_view", async ({ params, ctx }) => {
  const api = await getApi({ ctx, apiId: params.apiId });
  return json({ state: api.state, allowedActions: allowedActions(api.state) });
});

/** `{ "action": "Publish", "deprecateOldVersions": true, "requireResubscription": false }`; an illegal move is a 409. */
export const POST = apiRoute<Params>("apim:api_publish", async ({ request, params, ctx }) =>
  json(await changeLifecycle({ ctx, apiId: params.apiId, input: await readJson(request) })),
);
