import type { CorsSettings } from "@/db/schema/apis";
import type { GatewayContext, GatewayReply, OutgoingHeaders } from "./context";

/** Used for APIs without their own CORS settings: the developer portal's console must work across origins. */
const DEFAULT_CORS: Omit<CorsSettings, "allowOrigins"> = {
  enabled: true,
  allowMethods: ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD"],
  allowHeaders: ["authorization", "apikey", "content-type", "accept"],
  exposeHeaders: ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"],
  allowCredentials: false,
  maxAgeSeconds: 600,
};

/**
 * An API's own settings when it enables CORS; otherwise the defaults, for the portal's origins only.
 * The portal's origins are allowed either way: its API console must work for every API, as WSO2's
 * developer portal does.
 */
function settingsFor(ctx: GatewayContext, trustedOrigins: readonly string[]): CorsSettings {
  const own = ctx.api?.cors;
  if (own?.enabled) {
    return {
      ...own,
      allowOrigins: [...own.allowOrigins, ...trustedOrigins],
      allowHeaders: union(own.allowHeaders, DEFAULT_CORS.allowHeaders),
      allowMethods: union(own.allowMethods, DEFAULT_CORS.allowMethods),
    };
  }
  return { ...DEFAULT_CORS, allowOrigins: [...trustedOrigins] };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a.map((v) => v.toLowerCase()));
  return [...a, ...b.filter((v) => !seen.has(v.toLowerCase()))];
}

function allowedOrigin(settings: CorsSettings, origin: string): string | null {
  if (settings.allowOrigins.includes(origin)) return origin;
  if (settings.allowOrigins.includes("*")) return settings.allowCredentials ? origin : "*";
  return null;
}

/** Answers a CORS preflight for the matched API, or returns nothing when the request is not one. */
export function preflight(ctx: GatewayContext, trustedOrigins: readonly string[]): GatewayReply | void {
  const { request } = ctx;
  const origin = request.headers.get("origin");
  if (request.method !== "OPTIONS" || !origin || !request.headers.get("access-control-request-method")) return;
  const settings = settingsFor(ctx, trustedOrigins);
  const allowed = allowedOrigin(settings, origin);
  const headers: OutgoingHeaders = { vary: "origin" };
  if (allowed) {
    headers["access-control-allow-origin"] = allowed;
    headers["access-control-allow-methods"] = settings.allowMethods.join(", ");
    headers["access-control-allow-headers"] = settings.allowHeaders.join(", ");
    headers["access-control-max-age"] = String(settings.maxAgeSeconds);
    if (settings.allowCredentials) headers["access-control-allow-credentials"] = "true";
  }
  return { status: 204, headers, body: null, errorCode: null };
}

/** Adds the CORS response headers to an actual (non-preflight) answer, errors included. */
export function applyCors(ctx: GatewayContext, headers: OutgoingHeaders, trustedOrigins: readonly string[]): void {
  const origin = ctx.request.headers.get("origin");
  if (!origin) return;
  const settings = settingsFor(ctx, trustedOrigins);
  const allowed = allowedOrigin(settings, origin);
  if (!allowed) return;
  headers["access-control-allow-origin"] = allowed;
  const vary = headers.vary;
  headers.vary = vary ? `${Array.isArray(vary) ? vary.join(", ") : vary}, origin` : "origin";
  if (settings.exposeHeaders.length) headers["access-control-expose-headers"] = settings.exposeHeaders.join(", ");
  if (settings.allowCredentials) headers["access-control-allow-credentials"] = "true";
}
