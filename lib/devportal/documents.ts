import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { apiDocuments } from "@/db/schema";
import { documentSummaryColumns, toDocumentDetail, toDocumentSummary, type DocumentDetail, type DocumentSummary } from "@/lib/apis/documents/document-dto";
import { NotFoundError } from "@/lib/errors";
import { parseInput, type Ctx } from "@/lib/services/context";
import { ApiIdInput, DocumentIdInput } from "./schemas";
import { findVisibleApi } from "./visibility";

/** The documents of an API the caller may see, inline content included (they are shown on one page). */
export async function listDevportalDocuments({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<DocumentDetail[]> {
  const { apiId } = parseInput(ApiIdInput, input);
  const api = await findVisibleApi(ctx.db, ctx.actor, apiId);
  const rows = await ctx.db
    .select({ ...documentSummaryColumns, content: apiDocuments.content })
    .from(apiDocuments)
    .where(eq(apiDocuments.apiId, api.id))
    .orderBy(asc(apiDocuments.type), asc(apiDocuments.name));
  return rows.map(toDocumentSummary);
}

async function findDocument(ctx: Ctx, input: unknown) {
  const { apiId, documentId } = parseInput(DocumentIdInput, input);
  const api = await findVisibleApi(ctx.db, ctx.actor, apiId);
  const [row] = await ctx.db
    .select()
    .from(apiDocuments)
    .where(and(eq(apiDocuments.id, documentId), eq(apiDocuments.apiId, api.id)));
  if (!row) throw new NotFoundError("document");
  return row;
}

export async function getDevportalDocument({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<DocumentDetail> {
  return toDocumentDetail(await findDocument(ctx, input));
}

/** The uploaded file of a FILE document, for download. */
export async function getDevportalDocumentFile({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const row = await findDocument(ctx, input);
  if (row.source !== "FILE" || !row.fileData) throw new NotFoundError("document file");
  return { data: row.fileData, mime: row.fileMime ?? "application/octet-stream", fileName: row.fileName ?? row.name };
}

export type { DocumentDetail, DocumentSummary };
