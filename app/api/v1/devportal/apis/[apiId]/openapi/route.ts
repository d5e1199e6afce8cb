import { getDevportalDefinition } from "@/lib/devportal/definition";
import { apiRoute } from "@/lib/http/api-route";

/** The API's OpenAPI definition; `?format=yaml` for YAML, `?download=1` to save it as a file. */
export const GET = apiRoute<{ apiId: string }>("public", async ({ request, params, ctx }) => {
  const search = new URL(request.url).searchParams;
  const exported = await getDevportalDefinition({ ctx, input: { apiId: params.apiId, format: search.get("format") ?? "json" } });
  const headers: Record<string, string> = { "content-type": exported.contentType, "cache-control": "no-store" };
  if (search.get("download")) headers["content-disposition"] = `attachment; filename="${exported.fileName}"`;
  return new Response(exported.text, { headers });
});
