import { deleteApplication, updateApplication } from "@/lib/devportal/application-writes";
import { getApplication } from "@/lib/devportal/applications";
import { apiRoute, json } from "@/lib/http/api-route";
import { readOptionalJson } from "@/lib/http/request-body";

type Params = { applicationId: string };

export const GET = apiRoute<Params>("apim:subscribe", async ({ params, ctx }) => json(await getApplication({ ctx, input: params })));

/** Changes `{name?, description?, throttlingTier?, tokenValiditySeconds?}`. */
export const PUT = apiRoute<Params>("apim:subscribe", async ({ request, params, ctx }) => {
  const body = await readOptionalJson(request);
  return json(await updateApplication({ ctx, input: { ...body, applicationId: params.applicationId } }));
});

/** Deletes the application; 409 while it has subscriptions unless `?cascade=true` unsubscribes them too. */
export const DELETE = apiRoute<Params>("apim:subscribe", async ({ request, params, ctx }) => {
  const cascade = new URL(request.url).searchParams.get("cascade") ?? undefined;
  await deleteApplication({ ctx, input: { applicationId: params.applicationId, cascade } });
  return new Response(null, { status: 204 });
});
