import { deleteAlertRule, updateAlertRule } from "@/lib/analytics/alerts/rules";
import { apiRoute, json, readJson } from "@/lib/http/api-route";

type Params = { apiId: string; ruleId: string };

/** Any of `{ kind, threshold, windowMinutes, webhookUrl (null removes it), enabled }`; fields left out keep their value. */
export const PUT = apiRoute<Params>("apim:api_publish", async ({ request, params, ctx }) =>
  json(await updateAlertRule({ ctx, apiId: params.apiId, ruleId: params.ruleId, input: await readJson(request) })),
);

/** Deletes the rule and the alerts it raised. */
export const DELETE = apiRoute<Params>("apim:api_publish", async ({ params, ctx }) => {
  await deleteAlertRule({ ctx, apiId: params.apiId, ruleId: params.ruleId });
  return new Response(null, { status: 204 });
});
