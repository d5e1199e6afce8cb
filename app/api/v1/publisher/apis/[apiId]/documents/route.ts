import { apiRoute, json } from "@/lib/http/api-route";
import { listDocuments } from "@/lib/apis/documents/read-documents";
import { createDocument } from "@/lib/apis/documents/write-documents";
import { readJsonOrMultipart } from "@/lib/http/request-body";

type Params = { apiId: string };

export const GET = apiRoute<Params>("apim:api_view", async ({ params, ctx }) => json({ list: await listDocuments({ ctx, apiId: params.apiId }) }));

/** JSON `{ name, type, source, summary?, content? | url? }`, or multipart with a `file` for FILE documents (at most 5 MB). */
export const POST = apiRoute<Params>("apim:api_create", async ({ request, params, ctx }) => {
  const document = await createDocument({ ctx, apiId: params.apiId, input: await readJsonOrMultipart(request) });
  return json(document, 201, { location: `/api/v1/publisher/apis/${params.apiId}/documents/${document.id}` });
});
