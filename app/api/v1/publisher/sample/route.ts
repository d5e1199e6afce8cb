import { apiRoute, json } from "@/lib/http/api-route";
import { deploySample } from "@/lib/apis/sample/deploy-sample";

/** Deploys PizzaShackAPI: 201 the first time, 200 with the same API afterwards. */
export const POST = apiRoute("apim:api_create", async ({ ctx }) => {
  const { api, created } = await deploySample({ ctx });
  return json(api, created ? 201 : 200, { location: `/api/v1/publisher/apis/${api.id}` });
});
