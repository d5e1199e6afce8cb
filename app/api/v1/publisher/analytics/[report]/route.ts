import { reportResponse } from "@/lib/analytics/report-response";
import { apiRoute } from "@/lib/http/api-route";

/**
 * Usage of the caller's organization's APIs (an admin: every API): totals, over-time, apis, resources,
 * applications, faults, subscriptions, last-access. Query: range (1h, 24h, 7d, 30d, custom with
 * from/to), api, application; format=csv for a download.
 */
export const GET = apiRoute<{ report: string }>("apim:api_view", ({ request, params, ctx }) =>
  reportResponse({ ctx, audience: "publisher", name: params.report, request }),
);
