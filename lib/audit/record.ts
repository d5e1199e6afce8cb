import "server-only";
import type { Tx } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "@/lib/services/context";

type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
};

/** Records a privileged action in the caller's transaction, so the log and the change commit together. */
export async function recordAudit(tx: Tx, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? "system",
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
  });
}
