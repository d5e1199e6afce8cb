import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { setRoles } from "@/lib/users/set-roles";

/** Replaces a user's roles: `{ "roles": ["creator", "subscriber"] }`. Admins only. */
export const PUT = apiRoute<{ userId: string }>("apim:admin", async ({ request, params, ctx }) => {
  return json(await setRoles({ ctx, userId: params.userId, input: await readJson(request) }));
});
