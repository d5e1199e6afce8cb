import { getDevportalApi } from "@/lib/devportal/api-view";
import { apiRoute, json } from "@/lib/http/api-route";

/** One API as consumers see it; public for what the caller may see, 404 otherwise. */
export const GET = apiRoute<{ apiId: string }>("public", async ({ params, ctx }) => json(await getDevportalApi({ ctx, input: params })));
