"use server";

import { sessionCtx } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action-result";
import { deleteDocument } from "@/lib/apis/documents/write-documents";

export async function deleteDocumentAction(apiId: string, documentId: string) {
  return runAction(async () => deleteDocument({ ctx: await sessionCtx(), apiId, documentId }), { revalidate: "/publisher", redirect: `/publisher/apis/${apiId}/documents` });
}
