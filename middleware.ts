import { NextResponse, type NextRequest } from "next/server";
import { edgeConfig } from "@/lib/config";

/**
 * A dispatcher only (STYLE rule 6). `/gw/…` is the gateway's mount (c) on the portal origin; in the
 * embedded mode it is handed to the gateway listener, which serves the same handler.
 */
export function middleware(request: NextRequest) {
  const { gatewayInternalUrl } = edgeConfig();
  const rest = request.nextUrl.pathname.slice("/gw".length) || "/";
  return NextResponse.rewrite(new URL(`${rest}${request.nextUrl.search}`, gatewayInternalUrl));
}

export const config = { matcher: ["/gw", "/gw/:path*"] };
