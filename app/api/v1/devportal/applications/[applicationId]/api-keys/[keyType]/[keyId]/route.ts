import { apiRoute } from "@/lib/http/api-route";
import { revokeApiKey } from "@/lib/keys/api-keys";

type Params = { applicationId: string; keyType: string; keyId: string };

/** Revokes an API key. */
export const DELETE = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) => {
  await revokeApiKey({ ctx, input: params });
  return new Response(null, { status: 204 });
});
