import { NotFoundError } from "@/lib/errors";
import { apiRoute, json } from "@/lib/http/api-route";
import { generateConsumerKeys, getConsumerKeys, revokeConsumerKeys } from "@/lib/keys/consumer-keys";
import { readOptionalJson } from "@/lib/http/request-body";

type Params = { applicationId: string; keyType: string };

/** The application's consumer key of one type (never the secret). */
export const GET = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) => {
  const keys = await getConsumerKeys({ ctx, input: params });
  if (!keys) throw new NotFoundError("consumer keys");
  return json(keys);
});

/** Generates the key pair; body `{grantTypes?}`. The secret is in this answer only. */
export const POST = apiRoute<Params>("apim:subscribe", async ({ request, params, ctx }) => {
  const body = await readOptionalJson(request);
  return json(await generateConsumerKeys({ ctx, input: { ...body, ...params } }), 201);
});

/** Revokes the key pair. */
export const DELETE = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) => {
  await revokeConsumerKeys({ ctx, input: params });
  return new Response(null, { status: 204 });
});
