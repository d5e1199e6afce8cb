import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { deletePolicy, getPolicy, updatePolicy } from "@/lib/throttling/policies";

type Params = { policyId: string };

export const GET = apiRoute<Params>("apim:admin", async ({ params, ctx }) => json(await getPolicy({ ctx, policyId: params.policyId })));

/** Replaces the limit and wording: `{ requestCount, unitTime, timeUnit, displayName?, description? }`; name and level never change. */
export const PUT = apiRoute<Params>("apim:admin", async ({ request, params, ctx }) => {
  return json(await updatePolicy({ ctx, policyId: params.policyId, input: await readJson(request) }));
});

/** 204; 409 naming where the policy is still used. */
export const DELETE = apiRoute<Params>("apim:admin", async ({ params, ctx }) => {
  await deletePolicy({ ctx, policyId: params.policyId });
  return new Response(null, { status: 204 });
});
