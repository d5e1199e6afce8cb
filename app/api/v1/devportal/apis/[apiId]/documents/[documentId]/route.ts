import { getDevportalDocument } from "@/lib/devportal/documents";
import { apiRoute, json } from "@/lib/http/api-route";

type Params = { apiId: string; documentId: string };

export const GET = apiRoute<Params>("public", async ({ params, ctx }) => json(await getDevportalDocument({ ctx, input: params })));
