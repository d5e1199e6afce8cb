/**
 * The security headers on every portal response (not on /gw, which answers as the gateway does).
 * Next's bootstrap scripts are inline and carry no nonce, hence 'unsafe-inline' for scripts; the
 * rest is narrow: nothing framed, no plugins, no foreign base or form targets. The developer
 * portal's console calls the gateway from the browser, so its public origin may be fetched.
 * Edge-safe and free of process.env: the caller passes the configuration.
 */
export type SecurityHeaderInput = {
  /** PUBLIC_URL as the portals are reached; HSTS only when it is https. */
  publicUrl: string;
  /** GATEWAY_PUBLIC_URL, which the console's "Try it out" calls. */
  gatewayPublicUrl: string;
  /** `next dev`: React's development build evaluates code and hot reloading uses a WebSocket. */
  development?: boolean;
};

/** The headers that depend on no configuration: next.config.ts sets these at build time for any host. */
export const STATIC_SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "cross-origin-opener-policy": "same-origin",
} as const;

export function securityHeaders({ publicUrl, gatewayPublicUrl, development = false }: SecurityHeaderInput): Record<string, string> {
  const gateway = originOf(gatewayPublicUrl);
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${gateway && gateway !== originOf(publicUrl) ? ` ${gateway}` : ""}${development ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
  ];
  const headers: Record<string, string> = { "content-security-policy": directives.join("; "), ...STATIC_SECURITY_HEADERS };
  if (originOf(publicUrl)?.startsWith("https:")) headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** Whether a path is the portal's (and gets the headers) rather than the gateway's /gw mount. */
export function isPortalPath(pathname: string): boolean {
  return pathname !== "/gw" && !pathname.startsWith("/gw/") && !pathname.startsWith("/gw?");
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
