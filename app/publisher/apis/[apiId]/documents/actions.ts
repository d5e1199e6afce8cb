"use server";

import { redirect } from "next/navigation";
import { deleteDocument } from "@/lib/apis/documents/write-documents";
import { runPublisherAction } from "../../../run-publisher-action";

export async function deleteDocumentAction(apiId: string, documentId: string) {
  const result = await runPublisherAction((ctx) => deleteDocument({ ctx, apiId, documentId }));
  if (result.ok) redirect(`/publisher/apis/${apiId}/documents`);
  return result;
}
