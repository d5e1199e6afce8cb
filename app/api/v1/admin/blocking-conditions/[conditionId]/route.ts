import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { deleteBlockingCondition, setBlockingConditionEnabled } from "@/lib/throttling/blocking";

type Params = { conditionId: string };

/** Switches the condition on or off: `{ "enabled": false }`. */
export const PATCH = apiRoute<Params>("apim:admin", async ({ request, params, ctx }) => {
  return json(await setBlockingConditionEnabled({ ctx, conditionId: params.conditionId, input: await readJson(request) }));
});

export const DELETE = apiRoute<Params>("apim:admin", async ({ params, ctx }) => {
  await deleteBlockingCondition({ ctx, conditionId: params.conditionId });
  return new Response(null, { status: 204 });
});
