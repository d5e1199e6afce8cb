import { createAlertRule, listAlertRules } from "@/lib/analytics/alerts/rules";
import { apiRoute, json, readJson } from "@/lib/http/api-route";

type Params = { apiId: string };

export const GET = apiRoute<Params>("apim:api_view", async ({ params, ctx }) => {
  const list = await listAlertRules({ ctx, apiId: params.apiId });
  return json({ count: list.length, list });
});

/**
 * `{ kind: P95_LATENCY | ERROR_RATE | TRAFFIC_DROP, threshold, windowMinutes?, webhookUrl? }`. Needs
 * api_publish, not api_create: the service lets only publishers and admins manage alert rules.
 */
export const POST = apiRoute<Params>("apim:api_publish", async ({ request, params, ctx }) => {
  const rule = await createAlertRule({ ctx, apiId: params.apiId, input: await readJson(request) });
  return json(rule, 201, { location: `/api/v1/publisher/apis/${params.apiId}/alert-rules/${rule.id}` });
});
