import "server-only";
import { asc, eq } from "drizzle-orm";
import { apiDocuments } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { authorize, type Ctx } from "@/lib/services/context";
import { findOwnApi } from "../access";
import { documentSummaryColumns, toDocumentDetail, toDocumentSummary, type DocumentDetail, type DocumentSummary } from "./document-dto";
import { findOwnDocument } from "./write-documents";

/** An API's documents without their content, in name order. */
export async function listDocuments({ ctx, apiId }: { ctx: Ctx; apiId: string }): Promise<DocumentSummary[]> {
  const actor = authorize(ctx, "api:view");
  const api = await findOwnApi(ctx.db, actor, apiId);
  const rows = await ctx.db
    .select(documentSummaryColumns)
    .from(apiDocuments)
    .where(eq(apiDocuments.apiId, api.id))
    .orderBy(asc(apiDocuments.name));
  return rows.map(toDocumentSummary);
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
