import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { edgeConfig } from "@/lib/config";
import { handleEdgeGateway } from "@/lib/gateway/edge";
import { CLIENT_ADDRESS_HEADER, INTERNAL_TOKEN_HEADER, requestClientAddress } from "@/lib/http/client-address";

/**
 * A dispatcher only (STYLE rule 6). `/gw/…` is the gateway's mount (c) on the portal origin. With
 * Upstash configured the gateway runs right here on the Edge runtime, from the snapshot that Node
 * processes publish to Upstash; in the embedded mode (no Upstash) it is handed to the gateway
 * listener, which serves the same handler. The listener sees this process as its peer, so the
 * caller's address goes along, with the token that makes the listener believe it.
 */
export function middleware(request: NextRequest, event: NextFetchEvent) {
  const env = edgeConfig();
  if (env.upstash) return handleEdgeGateway(request, (promise) => event.waitUntil(promise));
  // The path is set on the listener's URL rather than resolved against it: `/gw//evil.example/x`
  // must stay a path on the listener, not become the host `evil.example`.
  const target = new URL(env.gatewayInternalUrl);
  target.pathname = request.nextUrl.pathname.slice("/gw".length) || "/";
  target.search = request.nextUrl.search;
  const headers = new Headers(request.headers);
  headers.delete(INTERNAL_TOKEN_HEADER);
  headers.delete(CLIENT_ADDRESS_HEADER);
  if (env.clientAddress.internalToken) {
    headers.set(CLIENT_ADDRESS_HEADER, requestClientAddress(request, env.clientAddress));
    headers.set(INTERNAL_TOKEN_HEADER, env.clientAddress.internalToken);
  }
  return NextResponse.rewrite(target, { request: { headers } });
}

/** Only the gateway's paths: the portals, /api, /oauth2 and /.well-known never enter the middleware. */
export const config = { matcher: ["/gw", "/gw/:path*"] };
