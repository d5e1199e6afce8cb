import type { Metadata } from "next";
import { DefinitionEditor } from "@/components/publisher/definition-editor";
import { getDefinition } from "@/lib/apis/openapi/definition-service";
import { can } from "@/lib/services/context";
import { loadApi } from "../load-api";
import { definitionAction } from "./actions";

export const metadata: Metadata = { title: "Definition" };

export default async function DefinitionPage({ params }: { params: Promise<{ apiId: string }> }) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const yaml = await getDefinition({ ctx, apiId: api.id, format: "yaml" });
  return (
    <DefinitionEditor
      // A new key after each save reloads the editor with the stored (normalised) definition.
      key={api.updatedAt}
      apiId={api.id}
      initialYaml={yaml.text}
      action={definitionAction.bind(null, api.id)}
      readOnly={!can(ctx.actor, "api:create")}
    />
  );
}
