import { apiRoute } from "@/lib/http/api-route";
import { getDocumentFile } from "@/lib/apis/documents/read-documents";
import { fileResponse } from "../../../../../file-response";

/** The uploaded file of a FILE document. */
export const GET = apiRoute<{ apiId: string; docId: string }>("apim:api_view", async ({ params, ctx }) => {
  const file = await getDocumentFile({ ctx, apiId: params.apiId, documentId: params.docId });
  return fileResponse(file.data, file.mime, file.fileName);
});
