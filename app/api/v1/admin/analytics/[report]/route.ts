import { reportResponse } from "@/lib/analytics/report-response";
import { apiRoute } from "@/lib/http/api-route";

/**
 * Platform-wide usage for admins: totals, over-time, apis, resources, applications, faults, gateways.
 * Query: range (1h, 24h, 7d, 30d, custom with from/to), api, application; format=csv for a download.
 */
export const GET = apiRoute<{ report: string }>("apim:admin", ({ request, params, ctx }) =>
  reportResponse({ ctx, audience: "platform", name: params.report, request }),
);
