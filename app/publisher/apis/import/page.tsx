import type { Metadata } from "next";
import { ImportOpenApiForm } from "@/components/publisher/import-openapi-form";
import { PageHeader } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { importOpenApiAction } from "./actions";

export const metadata: Metadata = { title: "Import OpenAPI" };

export default async function ImportPage() {
  await requirePortalCtx("api:create", "/publisher/apis/import");
  return (
    <>
      <PageHeader
        breadcrumbs={[{ href: "/publisher", label: "APIs" }]}
        title="Import OpenAPI"
        description="Create an API from an OpenAPI 3.0 / 3.1 or Swagger 2.0 document. The document is kept and stays in step with the API's resources."
      />
      <ImportOpenApiForm action={importOpenApiAction} />
    </>
  );
}
