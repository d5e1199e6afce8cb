import { listCatalogue } from "@/lib/devportal/catalogue";
import { apiRoute, json } from "@/lib/http/api-route";

/** The catalogue; public. `?query=` searches names, `tag:foo` and `creator:email`; `?tag=`, `?sort=newest|rating|usage`. */
export const GET = apiRoute("public", async ({ request, ctx }) => {
  const params = new URL(request.url).searchParams;
  const input = { query: params.get("query") ?? undefined, tag: params.get("tag") ?? undefined, sort: params.get("sort") ?? undefined };
  return json(await listCatalogue({ ctx, input }));
});
