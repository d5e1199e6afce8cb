import { apiRoute, json } from "@/lib/http/api-route";
import { resetUserPassword } from "@/lib/users/manage-user";

/** Sets a generated password and returns it once as `generatedPassword`. */
export const POST = apiRoute<{ userId: string }>("apim:admin", async ({ params, ctx }) => {
  return json(await resetUserPassword({ ctx, userId: params.userId }));
});
