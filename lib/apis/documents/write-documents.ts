import "server-only";
import { and, eq } from "drizzle-orm";
import type { Queryable, Tx } from "@/db/client";
import { apiDocuments } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, isUniqueViolation, NotFoundError, ValidationError } from "@/lib/errors";
import { authorize, parseInput, type Actor, type Ctx } from "@/lib/services/context";
import { findOwnApi, isUuid } from "../access";
import { toDocumentDetail, type DocumentDetail } from "./document-dto";
import { CreateDocumentInput, sourceProblems, UpdateDocumentInput } from "./document-schemas";

type Args = { ctx: Ctx; apiId: string; input: unknown };

/** Adds a document (inline Markdown, a link, or a file of at most 5 MB) to an API. */
export async function createDocument({ ctx, apiId, input }: Args): Promise<DocumentDetail> {
  const actor = authorize(ctx, "api:create");
  const data = parseInput(CreateDocumentInput, input);
  return withNameConflict(data.name, () =>
    ctx.db.transaction(async (tx) => {
      const api = await findOwnApi(tx, actor, apiId);
      const [row] = await tx
        .insert(apiDocuments)
        .values({ apiId: api.id, name: data.name, type: data.type, source: data.source, summary: data.summary, ...sourceColumns(data) })
        .returning();
      await audit(tx, actor, "api.document.create", row.id, { apiId: api.id, name: row.name, source: row.source });
      return toDocumentDetail(row);
    }),
  );
}

/** Changes what the input names; switching the source clears the old source's content. */
export async function updateDocument({ ctx, apiId, documentId, input }: Args & { documentId: string }): Promise<DocumentDetail> {
  const actor = authorize(ctx, "api:create");
  const data = parseInput(UpdateDocumentInput, input);
  return withNameConflict(data.name ?? "", () =>
    ctx.db.transaction(async (tx) => {
      const current = await findOwnDocument(tx, actor, apiId, documentId);
      const merged = {
        type: data.type ?? current.type,
        source: data.source ?? current.source,
        content: data.content ?? current.content ?? undefined,
        url: data.url ?? current.url ?? undefined,
        file: data.file,
      };
      const problems = sourceProblems(merged, !current.fileData);
      if (problems.length > 0) {
        throw new ValidationError(`${problems[0].field}: ${problems[0].message}`, Object.fromEntries(problems.map((p) => [p.field, [p.message]])));
      }
      const sourceChanged = merged.source !== current.source || data.content !== undefined || data.url !== undefined || data.file !== undefined;
      const [row] = await tx
        .update(apiDocuments)
        .set({
          name: data.name,
          type: data.type,
          source: data.source,
          summary: data.summary,
          ...(sourceChanged ? sourceColumns({ ...merged, file: data.file ?? fileOf(current) }) : {}),
          updatedAt: new Date(),
        })
        .where(eq(apiDocuments.id, current.id))
        .returning();
      await audit(tx, actor, "api.document.update", row.id, { apiId: row.apiId, fields: Object.keys(data) });
      return toDocumentDetail(row);
    }),
  );
}

export async function deleteDocument({ ctx, apiId, documentId }: Omit<Args, "input"> & { documentId: string }): Promise<{ id: string }> {
  const actor = authorize(ctx, "api:create");
  return ctx.db.transaction(async (tx) => {
    const current = await findOwnDocument(tx, actor, apiId, documentId);
    await tx.delete(apiDocuments).where(eq(apiDocuments.id, current.id));
    await audit(tx, actor, "api.document.delete", current.id, { apiId: current.apiId, name: current.name });
    return { id: current.id };
  });
}

export async function findOwnDocument(tx: Queryable, actor: Actor, apiId: string, documentId: string) {
  const api = await findOwnApi(tx, actor, apiId);
  if (!isUuid(documentId)) throw new NotFoundError("document");
  const [row] = await tx
    .select()
    .from(apiDocuments)
    .where(and(eq(apiDocuments.id, documentId), eq(apiDocuments.apiId, api.id)));
  if (!row) throw new NotFoundError("document");
  return row;
}

type SourceData = { source: "INLINE" | "URL" | "FILE"; content?: string; url?: string; file?: { name: string; type: string; bytes: Uint8Array } };

/** Only the columns of the chosen source are kept, so a document never carries stale content of another. */
function sourceColumns(data: SourceData) {
  return {
    content: data.source === "INLINE" ? (data.content ?? "") : null,
    url: data.source === "URL" ? (data.url ?? null) : null,
    fileName: data.source === "FILE" ? (data.file?.name ?? null) : null,
    fileMime: data.source === "FILE" ? (data.file?.type ?? null) : null,
    fileData: data.source === "FILE" && data.file ? Buffer.from(data.file.bytes) : null,
  };
}

function fileOf(row: { fileName: string | null; fileMime: string | null; fileData: Buffer | null }) {
  return row.fileData ? { name: row.fileName ?? "document", type: row.fileMime ?? "application/octet-stream", bytes: new Uint8Array(row.fileData) } : undefined;
}

async function withNameConflict<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`This API already has a document named “${name}”. Choose another name.`);
    throw error;
  }
}

function audit(tx: Tx, actor: Actor, action: string, documentId: string, details: Record<string, unknown>) {
  return recordAudit(tx, actor, { action, targetType: "api_document", targetId: documentId, details });
}
