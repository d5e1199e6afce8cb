import { getSubscription, unsubscribe } from "@/lib/devportal/subscriptions";
import { apiRoute, json } from "@/lib/http/api-route";

type Params = { subscriptionId: string };

export const GET = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) => json(await getSubscription({ ctx, input: params })));

export const DELETE = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) => {
  await unsubscribe({ ctx, input: params });
  return new Response(null, { status: 204 });
});
