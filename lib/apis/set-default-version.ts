import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { authorize, type Ctx } from "@/lib/services/context";
import { findOwnApi } from "./access";
import { announce } from "@/lib/events/bus";
import { makeDefault } from "./create-version";

/** Makes this version the one the gateway serves at `{context}/…` without a version. */
export async function setDefaultVersion({ ctx, apiId }: { ctx: Ctx; apiId: string }): Promise<{ id: string; isDefaultVersion: true }> {
  const actor = authorize(ctx, "api:create");
  const changed = await ctx.db.transaction(async (tx) => {
    const row = await findOwnApi(tx, actor, apiId, { lock: true });
    if (row.isDefaultVersion) return [];
    const ids = await makeDefault(tx, row.id, row.context);
    await recordAudit(tx, actor, { action: "api.default_version", targetType: "api", targetId: row.id, details: { context: row.context, version: row.version } });
    return ids;
  });
  await announce(...changed.map((apiId) => ({ type: "api.changed" as const, apiId })));
  return { id: apiId, isDefaultVersion: true };
}
