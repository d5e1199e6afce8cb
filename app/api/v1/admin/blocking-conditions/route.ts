import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createBlockingCondition, listBlockingConditions } from "@/lib/throttling/blocking";

export const GET = apiRoute("apim:admin", async ({ ctx }) => json(await listBlockingConditions({ ctx })));

/** `{ type: "API"|"APPLICATION"|"USER"|"IP"|"IP_RANGE", value, enabled? }` → 201. Values: context, application id, email, address, CIDR. */
export const POST = apiRoute("apim:admin", async ({ request, ctx }) => {
  return json(await createBlockingCondition({ ctx, input: await readJson(request) }), 201);
});
