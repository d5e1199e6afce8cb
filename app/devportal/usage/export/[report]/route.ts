import { reportResponse } from "@/lib/analytics/report-response";
import { apiRoute } from "@/lib/http/api-route";

/** The signed-in user's own applications' usage as CSV (or JSON): totals, over-time, apis, applications, faults. */
export const GET = apiRoute<{ report: string }>("apim:subscribe", ({ request, params, ctx }) =>
  reportResponse({ ctx, audience: "consumer", name: params.report, request }),
);
