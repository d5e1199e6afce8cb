import type http from "node:http";
import type { Config } from "@/lib/config";
import { stampClientAddress } from "@/lib/http/client-address";
import { isPortalPath, securityHeaders } from "@/lib/http/security-headers";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/**
 * What the portal server does before Next sees a request: stamps the caller's address (only this
 * server sees the socket) and sets the security headers. Those are set here rather than in
 * next.config.ts, whose headers are fixed at build time: the CSP names the gateway's origin and
 * HSTS follows PUBLIC_URL as this start configures them.
 */
export function portalFront(
  next: Handler,
  env: Pick<Config, "publicUrl" | "gatewayPublicUrl" | "TRUSTED_PROXIES">,
  development: boolean,
): (req: http.IncomingMessage, res: http.ServerResponse) => unknown {
  const headers = Object.entries(securityHeaders({ publicUrl: env.publicUrl, gatewayPublicUrl: env.gatewayPublicUrl, development }));
  return (req, res) => {
    stampClientAddress(req, env.TRUSTED_PROXIES);
    if (isPortalPath(req.url ?? "/")) for (const [name, value] of headers) res.setHeader(name, value);
    return next(req, res);
  };
}
