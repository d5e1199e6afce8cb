import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apiEndpoints, apiResources, apiScopes, type AuthType, type CorsSettings, type HttpMethod, type ResourceParameter } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import type { ApiRow } from "./access";
import { DEFAULT_CORS } from "./schemas";

export type EndpointDto = { url: string; timeoutMs: number };
export type ResourceDto = {
  method: HttpMethod;
  target: string;
  authType: AuthType;
  throttlingTier: string;
  scopes: string[];
  summary: string;
  parameters: ResourceParameter[];
};
export type ScopeDto = { key: string; name: string; description: string; roles: Role[] };

/** An API as every surface shows it: plain data, no binary columns, the definition left to its own endpoint. */
export type ApiDetail = {
  id: string;
  name: string;
  context: string;
  version: string;
  description: string;
  tags: string[];
  state: ApiRow["state"];
  isDefaultVersion: boolean;
  visibility: ApiRow["visibility"];
  visibleRoles: string[];
  businessOwner: string | null;
  businessOwnerEmail: string | null;
  hasThumbnail: boolean;
  endpoints: { production: EndpointDto | null; sandbox: EndpointDto | null };
  resources: ResourceDto[];
  scopes: ScopeDto[];
  subscriptionTiers: string[];
  apiThrottlingTier: string | null;
  cors: CorsSettings;
  sendBackendJwt: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export async function loadApiDetail(db: Queryable, api: ApiRow): Promise<ApiDetail> {
  // One after another: inside a transaction the queries share one connection.
  const endpoints = await db.select().from(apiEndpoints).where(eq(apiEndpoints.apiId, api.id));
  const resources = await db.select().from(apiResources).where(eq(apiResources.apiId, api.id)).orderBy(asc(apiResources.position));
  const scopes = await db.select().from(apiScopes).where(eq(apiScopes.apiId, api.id)).orderBy(asc(apiScopes.key));
  const endpoint = (keyType: "PRODUCTION" | "SANDBOX") => {
    const row = endpoints.find((e) => e.keyType === keyType);
    return row ? { url: row.url, timeoutMs: row.timeoutMs } : null;
  };
  return {
    id: api.id,
    name: api.name,
    context: api.context,
    version: api.version,
    description: api.description,
    tags: api.tags,
    state: api.state,
    isDefaultVersion: api.isDefaultVersion,
    visibility: api.visibility,
    visibleRoles: api.visibleRoles,
    businessOwner: api.businessOwner,
    businessOwnerEmail: api.businessOwnerEmail,
    hasThumbnail: api.thumbnailMime !== null,
    endpoints: { production: endpoint("PRODUCTION"), sandbox: endpoint("SANDBOX") },
    resources: resources.map((r) => ({
      method: r.method,
      target: r.target,
      authType: r.authType,
      throttlingTier: r.throttlingTier,
      scopes: r.scopes,
      summary: r.summary,
      parameters: r.parameters,
    })),
    scopes: scopes.map((s) => ({ key: s.key, name: s.name, description: s.description, roles: s.roles as Role[] })),
    subscriptionTiers: api.subscriptionTiers,
    apiThrottlingTier: api.apiThrottlingTier,
    cors: api.cors ?? DEFAULT_CORS,
    sendBackendJwt: api.sendBackendJwt,
    createdBy: api.createdBy,
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
  };
}
