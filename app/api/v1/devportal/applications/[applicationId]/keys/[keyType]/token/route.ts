import { apiRoute, json } from "@/lib/http/api-route";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { readOptionalJson } from "@/lib/http/request-body";

type Params = { applicationId: string; keyType: string };

/** An access token for the application; body `{validityPeriod?, scopes?}`. */
export const POST = apiRoute<Params>("apim:subscribe", async ({ request, params, ctx }) => {
  const body = await readOptionalJson(request);
  return json(await issueApplicationToken({ ctx, input: { ...body, ...params } }));
});
