import { apiRoute, json } from "@/lib/http/api-route";
import { listAuditLog } from "@/lib/users/audit-log";

/** The audit log, newest first: `?action=user.create` (or a prefix such as `user.`), `?actor=`, `?page=`, `?pageSize=`. */
export const GET = apiRoute("apim:admin", async ({ request, ctx }) => {
  const params = new URL(request.url).searchParams;
  const input = Object.fromEntries(["action", "actor", "page", "pageSize"].map((key) => [key, params.get(key) ?? ""]));
  return json(await listAuditLog({ ctx, input }));
});
