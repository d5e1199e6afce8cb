import "server-only";
import { z } from "zod";
import { AUTH_TYPES, HTTP_METHODS } from "@/db/schema/apis";
import { ROLES } from "@/db/schema/users";

export const ApiName = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(60, "Use at most 60 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "Use letters, digits, spaces, dots, dashes and underscores.");

/** `/pizzashack`, `/store/orders`: the gateway routes by it, so it stays a plain path. */
export const ApiContext = z
  .string()
  .trim()
  .max(200, "Use at most 200 characters.")
  .regex(/^(\/[A-Za-z0-9._~-]+)+$/, "Start with / and use letters, digits, dots, dashes and underscores, e.g. /pizzashack.");

export const ApiVersion = z
  .string()
  .trim()
  .min(1, "Enter a version.")
  .max(30, "Use at most 30 characters.")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, dots and dashes, e.g. 1.0.0.");

export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(30, "Keep tags under 30 characters.")
  .regex(/^[a-z0-9][a-z0-9 ._-]*$/, "Tags use letters, digits, spaces, dots and dashes.");

/** Tags as a list, or as the comma-separated text a form sends. */
export const Tags = z.preprocess(
  (value) => (typeof value === "string" ? value.split(",").filter((t) => t.trim() !== "") : value),
  z.array(Tag).max(20, "Use at most 20 tags.").transform((tags) => [...new Set(tags)]),
);

/** A URI template relative to the context: literal segments, `{param}` segments, and an optional trailing `/*`. */
export const UriTemplate = z
  .string()
  .trim()
  .max(500)
  .regex(
    /^(?:\/(?:[A-Za-z0-9._~!$&'()+,;=:@%-]|\{[A-Za-z_][A-Za-z0-9_.-]*\})*)*(?:\/\*)?$/,
    "Start with / and use literal segments or {parameters}, e.g. /order/{orderId} or /*.",
  )
  .refine((v) => v.length > 0, "Start with /, e.g. /menu.");

export const EndpointUrl = z
  .string()
  .trim()
  .max(2000)
  .url("Enter a full URL, e.g. https://backend.example.com/v1.")
  .refine((v) => /^https?:\/\//i.test(v), "Use an http:// or https:// URL.");

export const Endpoint = z.object({
  url: EndpointUrl,
  timeoutMs: z.coerce.number().int().min(1000, "At least 1000 ms.").max(300_000, "At most 300000 ms (5 minutes).").default(30_000),
});
export type EndpointInput = z.infer<typeof Endpoint>;

export const Endpoints = z.object({
  production: Endpoint.nullable().optional(),
  sandbox: Endpoint.nullable().optional(),
});

export const ScopeKey = z
  .string()
  .trim()
  .min(1, "Enter a scope key.")
  .max(100)
  .regex(/^[A-Za-z0-9_:.-]+$/, "Use letters, digits, colons, dots, dashes and underscores, e.g. order_write.")
  .refine((v) => !v.startsWith("apim:"), "Keys starting with apim: are reserved for the management API.");

export const Scope = z.object({
  key: ScopeKey,
  name: z.string().trim().min(1, "Enter a display name.").max(100),
  description: z.string().trim().max(500).default(""),
  roles: z.array(z.enum(ROLES)).default([]),
});
export type ScopeInput = z.infer<typeof Scope>;

export const ResourceParameter = z.object({
  name: z.string().trim().min(1).max(100),
  in: z.enum(["path", "query", "header", "body"]),
  required: z.boolean().default(false),
  description: z.string().max(500).optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
});

export const Resource = z.object({
  method: z.enum(HTTP_METHODS),
  target: UriTemplate,
  authType: z.enum(AUTH_TYPES).default("Application & Application User"),
  throttlingTier: z.string().trim().min(1).max(100).default("Unlimited"),
  scopes: z.array(ScopeKey).max(20).default([]),
  summary: z.string().trim().max(500).default(""),
  parameters: z.array(ResourceParameter).max(50).default([]),
});
export type ResourceInput = z.infer<typeof Resource>;

const headerList = z.array(z.string().trim().min(1).max(200)).max(50);

/**
 * WSO2's gateway answers CORS for every API by default (any origin, the usual headers), so browser
 * consoles such as the developer portal's can call it; an API narrows or switches it off.
 */
export const Cors = z.object({
  enabled: z.boolean().default(true),
  allowOrigins: headerList.default(["*"]),
  allowMethods: z.array(z.enum(HTTP_METHODS)).default(["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]),
  allowHeaders: headerList.default(["authorization", "Access-Control-Allow-Origin", "Content-Type", "SOAPAction", "apikey"]),
  exposeHeaders: headerList.default([]),
  allowCredentials: z.boolean().default(false),
  maxAgeSeconds: z.coerce.number().int().min(0).max(86_400).default(3600),
});
export const DEFAULT_CORS = Cors.parse({});

const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const OptionalEmail = z
  .string()
  .trim()
  .max(254)
  .nullish()
  .transform((v) => (v ? v : null))
  .pipe(z.email("Enter a valid email address.").nullable());

const Description = z.string().trim().max(5000, "Use at most 5000 characters.");
const Visibility = z.enum(["PUBLIC", "RESTRICTED"]);
const VisibleRoles = z.array(z.enum(ROLES));
const Resources = z.array(Resource).max(200, "Use at most 200 resources.");
const Scopes = z.array(Scope).max(100, "Use at most 100 scopes.");
const SubscriptionTiers = z.array(z.string().trim().min(1).max(100)).min(1, "Offer at least one subscription tier.");

export const CreateApiInput = z
  .object({
    name: ApiName,
    context: ApiContext,
    version: ApiVersion,
    description: Description.default(""),
    tags: Tags.default([]),
    visibility: Visibility.default("PUBLIC"),
    visibleRoles: VisibleRoles.default([]),
    businessOwner: OptionalText(100),
    businessOwnerEmail: OptionalEmail,
    endpoints: Endpoints.default({}),
    resources: Resources.default([]),
    scopes: Scopes.default([]),
    subscriptionTiers: SubscriptionTiers.default(["Unlimited"]),
    apiThrottlingTier: OptionalText(100),
    cors: Cors.default(DEFAULT_CORS),
    sendBackendJwt: z.boolean().default(false),
  })
  .superRefine(checkConsistency);
export type CreateApiInput = z.input<typeof CreateApiInput>;
export type CreateApiData = z.infer<typeof CreateApiInput>;

/** PUT replaces what it names and leaves the rest; the identity (name, context, version) never changes. */
export const UpdateApiInput = z
  .object({
    description: Description,
    tags: Tags,
    visibility: Visibility,
    visibleRoles: VisibleRoles,
    businessOwner: OptionalText(100),
    businessOwnerEmail: OptionalEmail,
    endpoints: Endpoints,
    resources: Resources,
    scopes: Scopes,
    subscriptionTiers: SubscriptionTiers,
    apiThrottlingTier: OptionalText(100),
    cors: Cors,
    sendBackendJwt: z.boolean(),
  })
  .partial()
  .superRefine(checkConsistency);
export type UpdateApiInput = z.input<typeof UpdateApiInput>;
export type UpdateApiData = z.infer<typeof UpdateApiInput>;

type Consistency = {
  visibility?: "PUBLIC" | "RESTRICTED";
  visibleRoles?: string[];
  resources?: ResourceInput[];
  scopes?: ScopeInput[];
};

/** Rules across fields: restricted APIs name roles; resources are unique; scope keys are unique. */
function checkConsistency(data: Consistency, ctx: z.RefinementCtx) {
  if (data.visibility === "RESTRICTED" && data.visibleRoles !== undefined && data.visibleRoles.length === 0) {
    ctx.addIssue({ code: "custom", path: ["visibleRoles"], message: "Choose at least one role that may see a restricted API." });
  }
  const seen = new Set<string>();
  data.resources?.forEach((resource, i) => {
    const key = `${resource.method} ${resource.target}`;
    if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["resources", i, "target"], message: `${key} is listed twice.` });
    seen.add(key);
  });
  const keys = new Set<string>();
  data.scopes?.forEach((scope, i) => {
    if (keys.has(scope.key)) ctx.addIssue({ code: "custom", path: ["scopes", i, "key"], message: `The scope ${scope.key} is defined twice.` });
    keys.add(scope.key);
  });
}
