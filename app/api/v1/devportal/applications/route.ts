import { createApplication } from "@/lib/devportal/application-writes";
import { listApplications } from "@/lib/devportal/applications";
import { apiRoute, json } from "@/lib/http/api-route";
import { readOptionalJson } from "@/lib/http/request-body";

/** The caller's applications. */
export const GET = apiRoute("apim:subscribe", async ({ ctx }) => json(await listApplications({ ctx })));

/** Creates an application `{name, throttlingTier?, description?, tokenValiditySeconds?}`. */
export const POST = apiRoute("apim:subscribe", async ({ request, ctx }) => {
  const created = await createApplication({ ctx, input: await readOptionalJson(request) });
  return json(created, 201, { location: `/api/v1/devportal/applications/${created.id}` });
});
