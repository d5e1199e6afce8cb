import { asc, eq, sql } from "drizzle-orm";
import { apiDocuments } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { authorize, type Ctx } from "@/lib/services/context";
import { findOwnApi } from "../access";
import { toDocumentDetail, type DocumentDetail, type DocumentSummary } from "./document-dto";
import { findOwnDocument } from "./write-documents";

/** An API's documents without their content, in name order. */
export async function listDocuments({ ctx, apiId }: { ctx: Ctx; apiId: string }): Promise<DocumentSummary[]> {
  const actor = authorize(ctx, "api:view");
  const api = await findOwnApi(ctx.db, actor, apiId);
  const rows = await ctx.db
    .select({
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
    })
    .from(apiDocuments)
    .where(eq(apiDocuments.apiId, api.id))
    .orderBy(asc(apiDocuments.name));
  return rows.map((r) => ({ ...r, fileSize: r.fileSize === null ? null : Number(r.fileSize), updatedAt: r.updatedAt.toISOString() }));
}

export async function getDocument({ ctx, apiId, documentId }: { ctx: Ctx; apiId: string; documentId: string }): Promise<DocumentDetail> {
  const actor = authorize(ctx, "api:view");
  return toDocumentDetail(await findOwnDocument(ctx.db, actor, apiId, documentId));
}

/** The uploaded file of a FILE document. */
export async function getDocumentFile({ ctx, apiId, documentId }: { ctx: Ctx; apiId: string; documentId: string }) {
  const actor = authorize(ctx, "api:view");
  const row = await findOwnDocument(ctx.db, actor, apiId, documentId);
  if (row.source !== "FILE" || !row.fileData) throw new NotFoundError("document file");
  return { data: row.fileData, mime: row.fileMime ?? "application/octet-stream", fileName: row.fileName ?? `${row.name}` };
}
