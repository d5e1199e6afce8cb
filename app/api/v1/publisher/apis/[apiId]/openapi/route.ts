import { ValidationError } from "@/lib/errors";
import { apiRoute, json } from "@/lib/http/api-route";
import { getDefinition, updateDefinition } from "@/lib/apis/openapi/definition-service";
import { readDefinitionBody } from "@/lib/http/request-body";

type Params = { apiId: string };

/** `?format=json` (default) or `yaml`; `?download=1` asks the browser to save it as a file. */
export const GET = apiRoute<Params>("apim:api_view", async ({ request, params, ctx }) => {
  const query = new URL(request.url).searchParams;
  const format = query.get("format") ?? "json";
  if (format !== "json" && format !== "yaml") throw new ValidationError("format: json or yaml", { format: ["Use format=json or format=yaml."] });
  const definition = await getDefinition({ ctx, apiId: params.apiId, format });
  const headers: Record<string, string> = { "content-type": definition.contentType, "cache-control": "no-store" };
  if (query.get("download")) headers["content-disposition"] = `attachment; filename="${definition.fileName}"`;
  return new Response(definition.text, { headers });
});

/** Replaces the definition (YAML or JSON); its paths replace the API's resources. */
export const PUT = apiRoute<Params>("apim:api_create", async ({ request, params, ctx }) =>
  json(await updateDefinition({ ctx, apiId: params.apiId, input: await readDefinitionBody(request) })),
);
