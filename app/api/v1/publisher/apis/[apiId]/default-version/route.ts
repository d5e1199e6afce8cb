import { apiRoute, json } from "@/lib/http/api-route";
import { setDefaultVersion } from "@/lib/apis/set-default-version";

/** Makes this version the default of its context (the others stop being default). */
export const PUT = apiRoute<{ apiId: string }>("apim:api_create", async ({ params, ctx }) => json(await setDefaultVersion({ ctx, apiId: params.apiId })));
