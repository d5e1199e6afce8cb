import { NextRequest, type NextFetchEvent } from "next/server";
import { describe, expect, it } from "vitest";
import { edgeConfig } from "@/lib/config";
import { middleware } from "@/middleware";

/** The embedded mode's `/gw/…` (no Upstash): handed to the gateway listener, whatever the path spells. */
describe("middleware.ts without Upstash", () => {
  const rewriteOf = (path: string) => {
    const response = middleware(new NextRequest(`http://portal.example${path}`), { waitUntil() {} } as unknown as NextFetchEvent) as Response;
    return new URL(response.headers.get("x-middleware-rewrite")!);
  };

  const listener = () => new URL(edgeConfig().gatewayInternalUrl).host;

  it("rewrites /gw/… to the gateway listener, path and query kept", () => {
    const target = rewriteOf("/gw/shop/1.0.0/menu?x=1");
    expect(target.host).toBe(listener());
    expect(target.pathname + target.search).toBe("/shop/1.0.0/menu?x=1");
    expect(rewriteOf("/gw").pathname).toBe("/");
  });

  it.each(["/gw//evil.example/x", "/gw///evil.example/x", "/gw/\\evil.example/x"])("keeps %s on the gateway listener's host", (path) => {
    expect(rewriteOf(path).host).toBe(listener());
  });
});
