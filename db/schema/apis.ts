import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, timestamps } from "./columns";
import { organizations, users } from "./users";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const API_STATES = ["CREATED", "PROTOTYPED", "PUBLISHED", "BLOCKED", "DEPRECATED", "RETIRED"] as const;
export type ApiState = (typeof API_STATES)[number];
export const apiStateEnum = pgEnum("api_state", API_STATES);

export const apiVisibilityEnum = pgEnum("api_visibility", ["PUBLIC", "RESTRICTED"]);

export const AUTH_TYPES = ["None", "Application", "Application User", "Application & Application User"] as const;
export type AuthType = (typeof AUTH_TYPES)[number];
export const authTypeEnum = pgEnum("auth_type", AUTH_TYPES);

export const HTTP_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export const httpMethodEnum = pgEnum("http_method", HTTP_METHODS);

export const KEY_TYPES = ["PRODUCTION", "SANDBOX"] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export const keyTypeEnum = pgEnum("key_type", KEY_TYPES);

export type CorsSettings = {
  enabled: boolean;
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAgeSeconds: number;
};

/** One version of an API. All versions of an API share `name` and `context`. */
export const apis = pgTable(
  "apis",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    context: text("context").notNull(),
    version: text("version").notNull(),
    description: text("description").notNull().default(""),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    state: apiStateEnum("state").notNull().default("CREATED"),
    isDefaultVersion: boolean("is_default_version").notNull().default(false),
    visibility: apiVisibilityEnum("visibility").notNull().default("PUBLIC"),
    /** Roles that may see a RESTRICTED API in the developer portal. */
    visibleRoles: text("visible_roles").array().notNull().default(sql`'{}'::text[]`),
    businessOwner: text("business_owner"),
    businessOwnerEmail: text("business_owner_email"),
    thumbnail: bytea("thumbnail"),
    thumbnailMime: text("thumbnail_mime"),
    /** Names of subscription-level throttling policies offered to subscribers. */
    subscriptionTiers: text("subscription_tiers").array().notNull().default(sql`'{Unlimited}'::text[]`),
    /** API-level policy; when set it replaces resource-level tiers (as in WSO2). */
    apiThrottlingTier: text("api_throttling_tier"),
    cors: jsonb("cors").$type<CorsSettings>(),
    sendBackendJwt: boolean("send_backend_jwt").notNull().default(false),
    /** The OpenAPI definition, kept in sync with the resources. */
    definition: jsonb("definition").$type<Record<string, unknown>>(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("apis_context_version_key").on(t.context, t.version),
    index("apis_organization_idx").on(t.organizationId),
    index("apis_state_idx").on(t.state),
    index("apis_name_idx").on(t.name),
  ],
);

export const apiEndpoints = pgTable(
  "api_endpoints",
  {
    id: id(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    keyType: keyTypeEnum("key_type").notNull(),
    url: text("url").notNull(),
    timeoutMs: integer("timeout_ms").notNull().default(30_000),
    ...timestamps(),
  },
  (t) => [uniqueIndex("api_endpoints_api_key_type_key").on(t.apiId, t.keyType)],
);

/** A scope is defined per API and granted to users by role. */
export const apiScopes = pgTable(
  "api_scopes",
  {
    id: id(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    uniqueIndex("api_scopes_api_key_key").on(t.apiId, t.key),
    // Token issue looks scopes up by key across APIs.
    index("api_scopes_key_idx").on(t.key),
  ],
);

export type ResourceParameter = {
  name: string;
  in: "path" | "query" | "header" | "body";
  required: boolean;
  description?: string;
  schema?: Record<string, unknown>;
};

export const apiResources = pgTable(
  "api_resources",
  {
    id: id(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    method: httpMethodEnum("method").notNull(),
    /** URI template relative to the context: `/menu`, `/order/{orderId}`, `/*`. */
    target: text("target").notNull(),
    authType: authTypeEnum("auth_type").notNull().default("Application & Application User"),
    throttlingTier: text("throttling_tier").notNull().default("Unlimited"),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    summary: text("summary").notNull().default(""),
    parameters: jsonb("parameters").$type<ResourceParameter[]>().notNull().default([]),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("api_resources_api_method_target_key").on(t.apiId, t.method, t.target)],
);

export const DOCUMENT_TYPES = [
  "HOWTO",
  "SAMPLES",
  "PUBLIC_FORUM",
  "SUPPORT_FORUM",
  "API_MESSAGE_FORMAT",
  "OTHER",
] as const;
export const documentTypeEnum = pgEnum("document_type", DOCUMENT_TYPES);
export const DOCUMENT_SOURCES = ["INLINE", "URL", "FILE"] as const;
export const documentSourceEnum = pgEnum("document_source", DOCUMENT_SOURCES);

export const apiDocuments = pgTable(
  "api_documents",
  {
    id: id(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: documentTypeEnum("type").notNull(),
    source: documentSourceEnum("source").notNull(),
    summary: text("summary").notNull().default(""),
    /** Markdown, for INLINE documents. */
    content: text("content"),
    url: text("url"),
    fileName: text("file_name"),
    fileMime: text("file_mime"),
    fileData: bytea("file_data"),
    ...timestamps(),
  },
  (t) => [uniqueIndex("api_documents_api_name_key").on(t.apiId, t.name)],
);

export const apiLifecycleEvents = pgTable(
  "api_lifecycle_events",
  {
    id: id(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => apis.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    fromState: apiStateEnum("from_state").notNull(),
    toState: apiStateEnum("to_state").notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    at: createdAt(),
  },
  (t) => [index("api_lifecycle_events_api_idx").on(t.apiId, t.at)],
);
