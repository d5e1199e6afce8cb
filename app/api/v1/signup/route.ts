import { apiRoute, json, readJson } from "@/lib/http/api-route";
import { signUp } from "@/lib/users/sign-up";

/** Self sign-up (SPEC "Roles"): a subscriber with a DefaultApplication. */
export const POST = apiRoute("public", async ({ request, ctx }) => {
  const user = await signUp({ ctx, input: await readJson(request) });
  return json(user, 201);
});
