import { deleteComment } from "@/lib/devportal/comments";
import { apiRoute } from "@/lib/http/api-route";

type Params = { apiId: string; commentId: string };

/** Deletes a comment: the author's own, or any on their organization's APIs for publishers and admins. */
export const DELETE = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) => {
  await deleteComment({ ctx, input: params });
  return new Response(null, { status: 204 });
});
