import { BadRequestError } from "@/lib/errors";
import { listSubscriptions, subscribe, unsubscribe } from "@/lib/devportal/subscriptions";
import { apiRoute, json } from "@/lib/http/api-route";
import { readOptionalJson } from "@/lib/http/request-body";

/** The caller's subscriptions of `?applicationId=` or to `?apiId=`. */
export const GET = apiRoute("apim:subscribe", async ({ request, ctx }) => {
  const params = new URL(request.url).searchParams;
  return json(await listSubscriptions({ ctx, input: { applicationId: params.get("applicationId"), apiId: params.get("apiId") } }));
});

/** Subscribes `{applicationId, apiId, throttlingTier}`. */
export const POST = apiRoute("apim:subscribe", async ({ request, ctx }) => {
  const created = await subscribe({ ctx, input: await readOptionalJson(request) });
  return json(created, 201, { location: `/api/v1/devportal/subscriptions/${created.id}` });
});

/** Unsubscribes `?id=`. */
export const DELETE = apiRoute("apim:subscribe", async ({ request, ctx }) => {
  const id = new URL(request.url).searchParams.get("id");
  if (!id) throw new BadRequestError("Name the subscription to delete: ?id=<subscriptionId>.");
  await unsubscribe({ ctx, input: { subscriptionId: id } });
  return new Response(null, { status: 204 });
});
