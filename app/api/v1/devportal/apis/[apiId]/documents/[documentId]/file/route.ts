import { getDevportalDocumentFile } from "@/lib/devportal/documents";
import { apiRoute } from "@/lib/http/api-route";

type Params = { apiId: string; documentId: string };

/** Downloads a FILE document. Always as an attachment, so an uploaded HTML file never runs on our origin. */
export const GET = apiRoute<Params>("public", async ({ params, ctx }) => {
  const file = await getDevportalDocumentFile({ ctx, input: params });
  return new Response(new Uint8Array(file.data), {
    headers: {
      "content-type": file.mime,
      "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    },
  });
});
