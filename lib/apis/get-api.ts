import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { apis } from "@/db/schema";
import { authorize, type Ctx } from "@/lib/services/context";
import { findOwnApi } from "./access";
import { loadApiDetail, type ApiDetail } from "./api-detail";
import { compareVersions } from "./versions";

/** One API of the caller's organization; another organization's is a 404. */
export async function getApi({ ctx, apiId }: { ctx: Ctx; apiId: string }): Promise<ApiDetail> {
  const actor = authorize(ctx, "api:view");
  return loadApiDetail(ctx.db, await findOwnApi(ctx.db, actor, apiId));
}

export type ApiVersionSummary = Pick<ApiDetail, "id" | "version" | "state" | "isDefaultVersion"> & { createdAt: string };

/** Every version of the API's context, oldest first. */
export async function listVersions({ ctx, apiId }: { ctx: Ctx; apiId: string }): Promise<ApiVersionSummary[]> {
  const actor = authorize(ctx, "api:view");
  const api = await findOwnApi(ctx.db, actor, apiId);
  const rows = await ctx.db
    .select({ id: apis.id, version: apis.version, state: apis.state, isDefaultVersion: apis.isDefaultVersion, createdAt: apis.createdAt })
    .from(apis)
    .where(and(eq(apis.context, api.context), eq(apis.organizationId, actor.organizationId)))
    .orderBy(asc(apis.createdAt));
  return rows
    .map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))
    .sort((a, b) => compareVersions(a.version, b.version));
}
