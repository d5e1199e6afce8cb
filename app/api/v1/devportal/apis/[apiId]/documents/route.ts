import { listDevportalDocuments } from "@/lib/devportal/documents";
import { apiRoute, json } from "@/lib/http/api-route";

/** The API's documents (inline Markdown included; files are downloaded from …/documents/{id}/file). */
export const GET = apiRoute<{ apiId: string }>("public", async ({ params, ctx }) => json(await listDevportalDocuments({ ctx, input: params })));
