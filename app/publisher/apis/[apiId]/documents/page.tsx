import type { Metadata } from "next";
import Link from "next/link";
import { Badge, Button, EmptyState, Table, TableBody, TableCell, TableRow, TableHeadings } from "@/components/ui";
import { listDocuments } from "@/lib/apis/documents/read-documents";
import { DOCUMENT_SOURCE_LABELS, DOCUMENT_TYPE_LABELS } from "@/lib/apis/documents/document-schemas";
import { can } from "@/lib/services/context";
import { loadApi } from "../load-api";

export const metadata: Metadata = { title: "Documents" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export default async function DocumentsPage({ params }: { params: Promise<{ apiId: string }> }) {
  const { apiId } = await params;
  const { ctx, api } = await loadApi(apiId);
  const documents = await listDocuments({ ctx, apiId: api.id });
  const editable = can(ctx.actor, "api:create");
  const add = editable && (
    <Button asChild>
      <Link href={`/publisher/apis/${api.id}/documents/new`}>Add document</Link>
    </Button>
  );
  if (documents.length === 0) {
    return (
      <EmptyState
        title="No documents yet"
        description="Help developers succeed: add a How To, samples and SDKs, message formats, or links to your forums. Inline documents are written in Markdown."
        actions={add}
      />
    );
  }
  return (
    <div className="grid gap-4">
      <div className="flex justify-end">{add}</div>
      <Table>
        <TableHeadings columns={["Name", "Type", "Source", "Updated"]} />
        <TableBody>
          {documents.map((doc) => (
            <TableRow key={doc.id}>
              <TableCell className="font-medium">
                <Link href={`/publisher/apis/${api.id}/documents/${doc.id}`} className="hover:underline">
                  {doc.name}
                </Link>
                {doc.summary && <p className="text-xs font-normal text-zinc-500">{doc.summary}</p>}
              </TableCell>
              <TableCell>
                <Badge>{DOCUMENT_TYPE_LABELS[doc.type]}</Badge>
              </TableCell>
              <TableCell>{DOCUMENT_SOURCE_LABELS[doc.source]}</TableCell>
              <TableCell className="text-zinc-500">{dateFormat.format(new Date(doc.updatedAt))}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
