import "server-only";
import { and, eq } from "drizzle-orm";
import type { AuthType, HttpMethod, ResourceParameter } from "@/db/schema";
import { apis } from "@/db/schema";
import { loadApiDetail } from "@/lib/apis/api-detail";
import { compareVersions } from "@/lib/apis/versions";
import { config } from "@/lib/config";
import { parseInput, type Ctx } from "@/lib/services/context";
import { ratingSummary, type RatingSummary } from "./ratings";
import { ApiIdInput } from "./schemas";
import { subscriptionNotice } from "./subscription-rules";
import { describeTiers, type TierOption } from "./tiers";
import { findVisibleApi, visibleApiFilter } from "./visibility";

export type DevportalResource = {
  method: HttpMethod;
  target: string;
  authType: AuthType;
  summary: string;
  scopes: string[];
  parameters: ResourceParameter[];
};

/** An API as consumers see it: never its backend endpoints, only the gateway's URLs. */
export type DevportalApi = {
  id: string;
  name: string;
  context: string;
  version: string;
  description: string;
  tags: string[];
  state: (typeof apis.$inferSelect)["state"];
  isDefaultVersion: boolean;
  businessOwner: string | null;
  businessOwnerEmail: string | null;
  /** Where apps call the API, per key type; null when the API has no backend for that type. */
  gatewayUrls: { production: string | null; sandbox: string | null };
  resources: DevportalResource[];
  subscriptionTiers: TierOption[];
  /** Why new subscriptions are refused, or null when they are open. */
  subscriptionNotice: string | null;
  versions: { id: string; version: string; state: DevportalApi["state"]; isDefaultVersion: boolean }[];
  rating: RatingSummary;
  updatedAt: string;
};

/** The gateway URL of one API version, as apps call it. */
export function gatewayUrl(api: { context: string; version: string }): string {
  return `${config().gatewayPublicUrl}${api.context}/${api.version}`;
}

/** One API the caller may see in the developer portal; anything else is a 404. */
export async function getDevportalApi({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<DevportalApi> {
  const { apiId } = parseInput(ApiIdInput, input);
  const row = await findVisibleApi(ctx.db, ctx.actor, apiId);
  const [detail, versions, tiers, rating] = await Promise.all([
    loadApiDetail(ctx.db, row),
    ctx.db
      .select({ id: apis.id, version: apis.version, state: apis.state, isDefaultVersion: apis.isDefaultVersion })
      .from(apis)
      .where(and(eq(apis.context, row.context), visibleApiFilter(ctx.actor))),
    describeTiers(ctx.db, "SUBSCRIPTION", row.subscriptionTiers),
    ratingSummary(ctx.db, row.id, ctx.actor),
  ]);
  const url = gatewayUrl(row);
  return {
    id: row.id,
    name: row.name,
    context: row.context,
    version: row.version,
    description: row.description,
    tags: row.tags,
    state: row.state,
    isDefaultVersion: row.isDefaultVersion,
    businessOwner: row.businessOwner,
    businessOwnerEmail: row.businessOwnerEmail,
    gatewayUrls: { production: detail.endpoints.production ? url : null, sandbox: detail.endpoints.sandbox ? url : null },
    resources: detail.resources.map(({ method, target, authType, summary, scopes, parameters }) => ({
      method,
      target,
      authType,
      summary,
      scopes,
      parameters,
    })),
    subscriptionTiers: tiers,
    subscriptionNotice: subscriptionNotice(row.state, row.name),
    versions: versions.sort((a, b) => compareVersions(b.version, a.version)),
    rating,
    updatedAt: row.updatedAt.toISOString(),
  };
}
