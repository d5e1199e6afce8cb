import { apiDocuments } from "@/db/schema";
import type { DocumentSource, DocumentType } from "./document-schemas";

export type DocumentSummary = {
  id: string;
  apiId: string;
  name: string;
  type: DocumentType;
  source: DocumentSource;
  summary: string;
  url: string | null;
  fileName: string | null;
  fileMime: string | null;
  fileSize: number | null;
  updatedAt: string;
};

export type DocumentDetail = DocumentSummary & { content: string | null };

export type DocumentRow = typeof apiDocuments.$inferSelect;

export function toDocumentDetail(row: DocumentRow): DocumentDetail {
  return {
    id: row.id,
    apiId: row.apiId,
    name: row.name,
    type: row.type,
    source: row.source,
    summary: row.summary,
    url: row.url,
    fileName: row.fileName,
    fileMime: row.fileMime,
    fileSize: row.fileData ? row.fileData.byteLength : null,
    updatedAt: row.updatedAt.toISOString(),
    content: row.content,
  };
}
