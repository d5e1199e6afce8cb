import { listAlerts } from "@/lib/analytics/alerts/list-alerts";
import { apiRoute, json } from "@/lib/http/api-route";

/** Alerts on the caller's organization's APIs (an admin: every API), open first: `?apiId=`, `?status=open|all`, `?page=` (50 a page). */
export const GET = apiRoute("apim:api_view", async ({ request, ctx }) => {
  const params = new URL(request.url).searchParams;
  const input = Object.fromEntries(["apiId", "status", "page"].map((key) => [key, params.get(key) ?? ""]));
  const { alerts, ...paging } = await listAlerts({ ctx, input });
  return json({ count: alerts.length, list: alerts, ...paging });
});
