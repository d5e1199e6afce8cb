import { rateApi, ratingSummary } from "@/lib/devportal/ratings";
import { findVisibleApi } from "@/lib/devportal/visibility";
import { apiRoute, json } from "@/lib/http/api-route";
import { readOptionalJson } from "@/lib/http/request-body";

type Params = { apiId: string };

/** The average rating, how many rated, and the caller's own. */
export const GET = apiRoute<Params>("public", async ({ params, ctx }) => {
  const api = await findVisibleApi(ctx.db, ctx.actor, params.apiId);
  return json(await ratingSummary(ctx.db, api.id, ctx.actor));
});

/** Rates the API `{rating: 1..5}`; rating again replaces the caller's earlier rating. */
export const POST = apiRoute<Params>("apim:subscribe", async ({ request, params, ctx }) => {
  const body = await readOptionalJson(request);
  return json(await rateApi({ ctx, input: { ...body, apiId: params.apiId } }));
});
