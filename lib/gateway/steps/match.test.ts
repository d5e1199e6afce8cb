import { describe, expect, it } from "vitest";
import type { GatewayContext, GatewayDeps } from "../context";
import type { ApiSnapshot, GatewaySnapshot } from "../snapshot/types";
import { match } from "./match";

const api = (context: string, version: string) => ({ context, version, state: "PUBLISHED", name: context }) as unknown as ApiSnapshot;
const shopV1 = api("/shop", "1.0.0");
const shopV2 = api("/shop", "2.0.0");
const nested = api("/shop/admin", "1.0.0");
const snapshot = {
  contexts: new Map([
    ["/shop", { versions: new Map([["1.0.0", shopV1], ["2.0.0", shopV2]]), defaultVersion: shopV2 }],
    ["/shop/admin", { versions: new Map([["1.0.0", nested]]) }],
  ]),
} as unknown as GatewaySnapshot;

function matched(pathname: string, basePath?: string) {
  const ctx = { request: { pathname }, snapshot } as unknown as GatewayContext;
  const reply = match(ctx, { basePath } as GatewayDeps);
  return reply ? (reply as { status: number }).status : [ctx.api?.context, ctx.api?.version, ctx.resourcePath];
}

describe("matching a path to an API", () => {
  it.each([
    ["/shop/1.0.0/menu", ["/shop", "1.0.0", "/menu"]],
    ["/shop/1.0.0/order/42", ["/shop", "1.0.0", "/order/42"]],
    ["/shop/1.0.0", ["/shop", "1.0.0", "/"]],
    ["/shop/1.0.0/", ["/shop", "1.0.0", "/"]],
    ["/shop/menu", ["/shop", "2.0.0", "/menu"]],
    ["/shop/menu/", ["/shop", "2.0.0", "/menu/"]],
    ["/shop", ["/shop", "2.0.0", "/"]],
    ["/shop/", ["/shop", "2.0.0", "/"]],
    ["/shop//menu", ["/shop", "2.0.0", "/menu"]],
    ["//shop/1.0.0//menu", ["/shop", "1.0.0", "/menu"]],
    ["/shop/1.0.0/../2.0.0/menu", ["/shop", "2.0.0", "/menu"]],
    ["/shop/2.0.0/x/../../1.0.0/menu", ["/shop", "1.0.0", "/menu"]],
    ["/shop/%31.0.0/menu", ["/shop", "1.0.0", "/menu"]],
    ["/shop/admin/1.0.0/users", ["/shop/admin", "1.0.0", "/users"]],
    // The longest context that matches decides, even when it has no default version for the rest.
    ["/shop/admin/users", 404],
    ["/shop/1%2E0%2E0/menu", ["/shop", "1.0.0", "/menu"]],
    ["/shopping/1.0.0", 404],
    ["/", 404],
    // Targets the gateway will not decide a path for.
    ["*", 400],
    ["/shop/1.0.0/%zz", 400],
    ["/shop/1.0.0/../../..", 400],
  ])("%s", (pathname, expected) => {
    expect(matched(pathname)).toEqual(expected);
  });

  it("under a mount's base path", () => {
    expect(matched("/gw/shop/1.0.0/menu", "/gw")).toEqual(["/shop", "1.0.0", "/menu"]);
    expect(matched("/gw", "/gw")).toBe(404);
    expect(matched("/gwshop/1.0.0/menu", "/gw")).toBe(404);
    expect(matched("/gw/x/../shop/1.0.0/menu", "/gw")).toEqual(["/shop", "1.0.0", "/menu"]);
    expect(matched("/gw/../shop/1.0.0/menu", "/gw")).toBe(404);
  });
});
