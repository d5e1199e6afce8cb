import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Markdown } from "@/components/markdown";
import { Badge, Button, Card, CardContent, CardHeader, CardTitle, ConfirmButton, Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui";
import { DocumentForm } from "@/components/publisher/document-form";
import { getDocument } from "@/lib/apis/documents/read-documents";
import { DOCUMENT_TYPE_LABELS } from "@/lib/apis/documents/document-schemas";
import { NotFoundError } from "@/lib/errors";
import { can } from "@/lib/services/context";
import { loadApi } from "../../load-api";
import { deleteDocumentAction } from "../actions";

export const metadata: Metadata = { title: "Document" };

type Props = { params: Promise<{ apiId: string; docId: string }> };

export default async function DocumentPage({ params }: Props) {
  const { apiId, docId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const doc = await getDocument({ ctx, apiId: api.id, documentId: docId }).catch((error) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const editable = can(ctx.actor, "api:create");
  const view = (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          {doc.name} <Badge>{DOCUMENT_TYPE_LABELS[doc.type]}</Badge>
        </CardTitle>
        {doc.summary && <p className="text-sm text-zinc-600 dark:text-zinc-400">{doc.summary}</p>}
      </CardHeader>
      <CardContent>
        {doc.source === "INLINE" && <Markdown>{doc.content ?? ""}</Markdown>}
        {doc.source === "URL" && doc.url && (
          <a href={doc.url} rel="noopener noreferrer nofollow" target="_blank" className="font-medium text-brand-700 underline dark:text-brand-300">
            {doc.url}
          </a>
        )}
        {doc.source === "FILE" && (
          <Button asChild variant="secondary">
            <a href={`/api/v1/publisher/apis/${api.id}/documents/${doc.id}/content`}>
              Open {doc.fileName} ({Math.ceil((doc.fileSize ?? 0) / 1024)} KB)
            </a>
          </Button>
        )}
      </CardContent>
    </Card>
  );
  if (!editable) return view;
  return (
    <Tabs defaultValue="view">
      <div className="flex items-center justify-between gap-4">
        <TabsList>
          <TabsTrigger value="view">View</TabsTrigger>
          <TabsTrigger value="edit">Edit</TabsTrigger>
        </TabsList>
        <ConfirmButton
          label="Delete document"
          size="sm"
          confirm={{ title: `Delete “${doc.name}”?`, description: "Developers will no longer see it. This cannot be undone.", confirmLabel: "Delete" }}
          action={deleteDocumentAction.bind(null, api.id, doc.id)}
        />
      </div>
      <TabsContent value="view">{view}</TabsContent>
      <TabsContent value="edit">
        <DocumentForm apiId={api.id} document={doc} />
      </TabsContent>
    </Tabs>
  );
}
