import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createVersion } from "@/lib/apis/create-version";
import { listVersions } from "@/lib/apis/get-api";

type Params = { apiId: string };

export const GET = apiRoute<Params>("apim:api_view", async ({ params, ctx }) => json({ list: await listVersions({ ctx, apiId: params.apiId }) }));

/** `{ "version": "2.0.0", "isDefault": true }`: a copy of everything, in state CREATED. */
export const POST = apiRoute<Params>("apim:api_create", async ({ request, params, ctx }) => {
  const api = await createVersion({ ctx, apiId: params.apiId, input: await readJson(request) });
  return json(api, 201, { location: `/api/v1/publisher/apis/${api.id}` });
});
