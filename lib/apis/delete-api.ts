import "server-only";
import { and, count, desc, eq, ne } from "drizzle-orm";
import { apis, subscriptions } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError } from "@/lib/errors";
import { authorize, type Ctx } from "@/lib/services/context";
import { findOwnApi } from "./access";
import { announce } from "@/lib/events/bus";

/**
 * Deletes one version with its resources, endpoints, scopes, documents and history. Refused while
 * any application subscribes to it. If it was the default version, the newest remaining one takes over.
 */
export async function deleteApi({ ctx, apiId }: { ctx: Ctx; apiId: string }): Promise<{ id: string }> {
  const actor = authorize(ctx, "api:create");
  const changed = await ctx.db.transaction(async (tx) => {
    const row = await findOwnApi(tx, actor, apiId, { lock: true });
    const [{ value: subscribed }] = await tx.select({ value: count() }).from(subscriptions).where(eq(subscriptions.apiId, row.id));
    if (subscribed > 0) {
      throw new ConflictError(
        `${row.name} ${row.version} has ${subscribed} subscription${subscribed === 1 ? "" : "s"}. Deprecate or retire it instead; it can be deleted once nobody subscribes.`,
      );
    }
    await tx.delete(apis).where(eq(apis.id, row.id));
    const ids = [row.id];
    if (row.isDefaultVersion) {
      const [next] = await tx
        .select({ id: apis.id })
        .from(apis)
        .where(and(eq(apis.context, row.context), ne(apis.id, row.id)))
        .orderBy(desc(apis.createdAt))
        .limit(1);
      if (next) {
        await tx.update(apis).set({ isDefaultVersion: true }).where(eq(apis.id, next.id));
        ids.push(next.id);
      }
    }
    await recordAudit(tx, actor, {
      action: "api.delete",
      targetType: "api",
      targetId: row.id,
      details: { name: row.name, context: row.context, version: row.version },
    });
    return ids;
  });
  await announce(...changed.map((apiId) => ({ type: "api.changed" as const, apiId })));
  return { id: changed[0] };
}
