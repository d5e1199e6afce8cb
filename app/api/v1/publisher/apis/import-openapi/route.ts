import { apiRoute, json } from "@/lib/http/api-route";
import { importOpenApi } from "@/lib/apis/openapi/import-openapi";
import { readDefinitionBody } from "@/lib/http/request-body";

/**
 * Creates an API from an OpenAPI 3.x / Swagger 2.0 document: raw YAML/JSON, JSON
 * `{ definition | url, name?, context?, version? }`, or multipart with a `file`.
 */
export const POST = apiRoute("apim:api_create", async ({ request, ctx }) => {
  const api = await importOpenApi({ ctx, input: await readDefinitionBody(request) });
  return json(api, 201, { location: `/api/v1/publisher/apis/${api.id}` });
});
