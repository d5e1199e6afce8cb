import { addComment, listComments } from "@/lib/devportal/comments";
import { apiRoute, json } from "@/lib/http/api-route";
import { readOptionalJson } from "@/lib/http/request-body";

type Params = { apiId: string };

export const GET = apiRoute<Params>("public", async ({ params, ctx }) => json(await listComments({ ctx, input: params })));

/** Adds a comment `{content}` (Markdown). */
export const POST = apiRoute<Params>("apim:subscribe", async ({ request, params, ctx }) => {
  const body = await readOptionalJson(request);
  return json(await addComment({ ctx, input: { ...body, apiId: params.apiId } }), 201);
});
