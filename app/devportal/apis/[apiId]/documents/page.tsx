import { Markdown } from "@/components/markdown";
import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState } from "@/components/ui";
import { DOCUMENT_TYPE_LABELS } from "@/lib/apis/documents/document-schemas";
import { listDevportalDocuments } from "@/lib/devportal/documents";
import { loadApi } from "../load-api";

type Props = { params: Promise<{ apiId: string }> };

function size(bytes: number | null): string {
  if (bytes === null) return "";
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export default async function ApiDocumentsPage({ params }: Props) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const documents = await listDevportalDocuments({ ctx, input: { apiId: api.id } });
  if (documents.length === 0) {
    return (
      <EmptyState
        title="No documents yet"
        description="The publisher has not added guides for this API. The Overview tab has code samples, and Try it out lets you call it."
      />
    );
  }
  return (
    <div className="grid gap-4">
      {documents.map((doc) => (
        <Card key={doc.id} id={`doc-${doc.id}`}>
          <CardHeader>
            <div className="flex flex-wrap items-center gap-2">
              <CardTitle>{doc.name}</CardTitle>
              <Badge>{DOCUMENT_TYPE_LABELS[doc.type]}</Badge>
            </div>
            {doc.summary && <CardDescription>{doc.summary}</CardDescription>}
          </CardHeader>
          <CardContent>
            {doc.source === "INLINE" && <Markdown>{doc.content ?? ""}</Markdown>}
            {doc.source === "URL" && doc.url && (
              <a href={doc.url} target="_blank" rel="noopener noreferrer nofollow" className="font-medium text-brand-700 underline dark:text-brand-300">
                Open {doc.url}
              </a>
            )}
            {doc.source === "FILE" && (
              <Button asChild variant="secondary">
                <a href={`/api/v1/devportal/apis/${api.id}/documents/${doc.id}/file`} download={doc.fileName ?? undefined}>
                  Download {doc.fileName} {doc.fileSize !== null && `(${size(doc.fileSize)})`}
                </a>
              </Button>
            )}
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
