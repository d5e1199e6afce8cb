import "server-only";
import { desc, eq } from "drizzle-orm";
import { apiLifecycleEvents, users, type ApiState } from "@/db/schema";
import { authorize, type Ctx } from "@/lib/services/context";
import { findOwnApi } from "./access";

export type LifecycleEntry = {
  id: string;
  action: string;
  from: ApiState;
  to: ApiState;
  at: string;
  actor: { id: string; name: string; email: string } | null;
};

/** Who moved the API from which state to which, newest first. */
export async function lifecycleHistory({ ctx, apiId }: { ctx: Ctx; apiId: string }): Promise<LifecycleEntry[]> {
  const actor = authorize(ctx, "api:view");
  const api = await findOwnApi(ctx.db, actor, apiId);
  const rows = await ctx.db
    .select({
      id: apiLifecycleEvents.id,
      action: apiLifecycleEvents.action,
      from: apiLifecycleEvents.fromState,
      to: apiLifecycleEvents.toState,
      at: apiLifecycleEvents.at,
      actorId: users.id,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(apiLifecycleEvents)
    .leftJoin(users, eq(users.id, apiLifecycleEvents.actorId))
    .where(eq(apiLifecycleEvents.apiId, api.id))
    .orderBy(desc(apiLifecycleEvents.at), desc(apiLifecycleEvents.id));
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    from: r.from,
    to: r.to,
    at: r.at.toISOString(),
    actor: r.actorId && r.actorName && r.actorEmail ? { id: r.actorId, name: r.actorName, email: r.actorEmail } : null,
  }));
}
