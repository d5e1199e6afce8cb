import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { getUser } from "@/lib/users/list-users";
import { setUserDisabled } from "@/lib/users/manage-user";

export const GET = apiRoute<{ userId: string }>("apim:admin", async ({ params, ctx }) => {
  return json(await getUser({ ctx, userId: params.userId }));
});

/** Disables or re-enables a user: `{ "disabled": true }`. Roles are set with PUT …/roles. */
export const PATCH = apiRoute<{ userId: string }>("apim:admin", async ({ request, params, ctx }) => {
  return json(await setUserDisabled({ ctx, userId: params.userId, input: await readJson(request) }));
});
