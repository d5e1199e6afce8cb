import type { Metadata } from "next";
import { CreateApiForm } from "@/components/publisher/create-api-form";
import { PageHeader } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { createApiAction, testNewEndpointAction } from "./actions";

export const metadata: Metadata = { title: "Create API" };

export default async function NewApiPage() {
  await requirePortalCtx("api:create", "/publisher/apis/new");
  return (
    <>
      <PageHeader
        breadcrumbs={[{ href: "/publisher", label: "APIs" }]}
        title="Create API"
        description="Start with who the API is and where its backend lives. Resources, documents and the lifecycle come next."
      />
      <CreateApiForm action={createApiAction} testAction={testNewEndpointAction} />
    </>
  );
}
