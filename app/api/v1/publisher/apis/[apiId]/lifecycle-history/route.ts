import { apiRoute, json } from "@/lib/http/api-route";
import { lifecycleHistory } from "@/lib/apis/lifecycle-history";

export const GET = apiRoute<{ apiId: string }>("apim:api_view", async ({ params, ctx }) =>
  json({ list: await lifecycleHistory({ ctx, apiId: params.apiId }) }),
);
