import type { Metadata } from "next";
import { DocumentForm } from "@/components/publisher/document-form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui";
import { requirePortalCtx } from "@/lib/auth/guards";
import { loadApi } from "../../load-api";

export const metadata: Metadata = { title: "Add document" };

export default async function NewDocumentPage({ params }: { params: Promise<{ apiId: string }> }) {
  const { apiId } = await params;
  await requirePortalCtx("api:create", `/publisher/apis/${apiId}/documents/new`);
  const { api } = await loadApi(apiId);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Add a document</CardTitle>
      </CardHeader>
      <CardContent>
        <DocumentForm apiId={api.id} />
      </CardContent>
    </Card>
  );
}
