import { apiRoute, json } from "@/lib/http/api-route";
import { createApiKey, listApiKeys } from "@/lib/keys/api-keys";
import { readOptionalJson } from "@/lib/http/request-body";

type Params = { applicationId: string; keyType: string };

/** The application's unrevoked API keys of this type (display part only). */
export const GET = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) => json(await listApiKeys({ ctx, input: params })));

/** A new API key; body `{validityPeriod?}` in seconds. The key is in this answer only. */
export const POST = apiRoute<Params>("apim:subscribe", async ({ request, params, ctx }) => {
  const body = await readOptionalJson(request);
  return json(await createApiKey({ ctx, input: { ...body, ...params } }), 201);
});
