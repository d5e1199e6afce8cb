import { apiRoute, json } from "@/lib/http/api-route";
import { getDocument } from "@/lib/apis/documents/read-documents";
import { deleteDocument, updateDocument } from "@/lib/apis/documents/write-documents";
import { readJsonOrMultipart } from "@/lib/http/request-body";

type Params = { apiId: string; docId: string };

export const GET = apiRoute<Params>("apim:api_view", async ({ params, ctx }) =>
  json(await getDocument({ ctx, apiId: params.apiId, documentId: params.docId })),
);

export const PUT = apiRoute<Params>("apim:api_create", async ({ request, params, ctx }) =>
  json(await updateDocument({ ctx, apiId: params.apiId, documentId: params.docId, input: await readJsonOrMultipart(request) })),
);

export const DELETE = apiRoute<Params>("apim:api_create", async ({ params, ctx }) => {
  await deleteDocument({ ctx, apiId: params.apiId, documentId: params.docId });
  return new Response(null, { status: 204 });
});
