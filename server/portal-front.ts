import type http from "node:http";
import type { Config } from "@/lib/config";
import { stampClientAddress } from "@/lib/http/client-address";
import { isPortalPath, securityHeaders } from "@/lib/http/security-headers";
import { hasUnsafeChars } from "@/lib/http/unsafe-text";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/**
 * What the portal server does before Next sees a request: stamps the caller's address (only this
 * server sees the socket) and sets the security headers. Those are set here rather than in
 * next.config.ts, whose headers are fixed at build time: the CSP names the gateway's origin and
 * HSTS follows PUBLIC_URL as this start configures them. A page address whose path or query holds a
 * control character or broken percent-encoding is answered 400 here: no page has a use for one, and
 * the services would refuse it mid-render (the REST API answers such queries with problem+json itself).
 */
export function portalFront(
  next: Handler,
  env: Pick<Config, "publicUrl" | "gatewayPublicUrl" | "TRUSTED_PROXIES">,
  development: boolean,
): (req: http.IncomingMessage, res: http.ServerResponse) => unknown {
  const headers = Object.entries(securityHeaders({ publicUrl: env.publicUrl, gatewayPublicUrl: env.gatewayPublicUrl, development }));
  return (req, res) => {
    stampClientAddress(req, env.TRUSTED_PROXIES);
    const target = req.url ?? "/";
    if (isPortalPath(target)) for (const [name, value] of headers) res.setHeader(name, value);
    if (isPagePath(target) && !isReadableTarget(target)) {
      res.writeHead(400, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(BAD_ADDRESS_PAGE);
      return;
    }
    return next(req, res);
  };
}

const BAD_ADDRESS_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad request · Portcullis</title></head>' +
  '<body><h1>Bad request</h1><p>The address holds a control character or a broken %-encoding. Check the link, or go to <a href="/devportal">the developer portal</a>.</p></body></html>';

/** A page, not the REST API, the gateway's mount or Next's own assets. */
function isPagePath(target: string): boolean {
  return !/^\/(?:api|gw|_next)(?:[/?]|$)/.test(target);
}

/** The path and every query part decode as UTF-8 and hold no control character. */
export function isReadableTarget(target: string): boolean {
  const query = target.indexOf("?");
  const parts = [query === -1 ? target : target.slice(0, query)];
  if (query !== -1) parts.push(...target.slice(query + 1).replace(/\+/g, " ").split(/[&=]/));
  try {
    return parts.every((part) => !hasUnsafeChars(decodeURIComponent(part)));
  } catch {
    return false;
  }
}
