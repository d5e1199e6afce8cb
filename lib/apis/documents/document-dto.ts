import "server-only";
import { sql } from "drizzle-orm";
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

/** The columns of a document listing: everything but the content, with the file's size instead of its bytes. */
export const documentSummaryColumns = {
  id: apiDocuments.id,
  apiId: apiDocuments.apiId,
  name: apiDocuments.name,
  type: apiDocuments.type,
  source: apiDocuments.source,
  summary: apiDocuments.summary,
  url: apiDocuments.url,
  fileName: apiDocuments.fileName,
  fileMime: apiDocuments.fileMime,
  fileSize: sql<number | null>`octet_length(${apiDocuments.fileData})`,
  updatedAt: apiDocuments.updatedAt,
};

/** A row selected with documentSummaryColumns (plus any extra columns) as plain JSON-safe data. */
export function toDocumentSummary<R extends { fileSize: number | null; updatedAt: Date }>(row: R) {
  return { ...row, fileSize: row.fileSize === null ? null : Number(row.fileSize), updatedAt: row.updatedAt.toISOString() };
}
