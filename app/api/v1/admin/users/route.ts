import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { createUser } from "@/lib/users/create-user";
import { listUsers } from "@/lib/users/list-users";

/** Users, searched with `?query=`, filtered with `?role=` and `?status=active|disabled`. Admins only. */
export const GET = apiRoute("apim:admin", async ({ request, ctx }) => {
  const params = new URL(request.url).searchParams;
  const users = await listUsers({ ctx, input: { query: params.get("query") ?? "", role: params.get("role") ?? "", status: params.get("status") ?? "" } });
  return json({ users });
});

/**
 * Creates a user: `{ email, name, roles, password?, organizationId? }`. Without a password one is
 * generated and returned once as `generatedPassword`.
 */
export const POST = apiRoute("apim:admin", async ({ request, ctx }) => {
  return json(await createUser({ ctx, input: await readJson(request) }), 201);
});
