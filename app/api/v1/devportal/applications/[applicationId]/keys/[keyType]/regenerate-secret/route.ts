import { apiRoute, json } from "@/lib/http/api-route";
import { regenerateConsumerSecret } from "@/lib/keys/consumer-keys";

type Params = { applicationId: string; keyType: string };

/** Replaces the consumer secret; the new one is in this answer only. */
export const POST = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) =>
  json(await regenerateConsumerSecret({ ctx, input: params })),
);
