import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { isPortalPath, securityHeaders, STATIC_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { portalFront } from "@/server/portal-front";

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name, values] as const;
  }));
}

describe("the portals' security headers", () => {
  it("builds a narrow CSP that lets the console call the gateway, and the other headers", () => {
    const headers = securityHeaders({ publicUrl: "http://localhost:3000", gatewayPublicUrl: "https://api.example.com:8243/" });
    const csp = directives(headers["content-security-policy"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(csp.get("font-src")).toEqual(["'self'", "data:"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "https://api.example.com:8243"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "permissions-policy": expect.stringContaining("camera=()"),
    });
    // Plain http: no HSTS, which a browser would ignore there and which would outlive a move to TLS badly.
    expect(headers["strict-transport-security"]).toBeUndefined();
  });

  it("adds HSTS only behind TLS, and what `next dev` needs only in development", () => {
    expect(securityHeaders({ publicUrl: "https://portal.example", gatewayPublicUrl: "https://portal.example/gw" })).toMatchObject({
      "strict-transport-security": expect.stringMatching(/^max-age=\d+/),
    });
    const same = directives(securityHeaders({ publicUrl: "https://portal.example", gatewayPublicUrl: "https://portal.example/gw" })["content-security-policy"]);
    expect(same.get("connect-src")).toEqual(["'self'"]);
    const dev = directives(securityHeaders({ publicUrl: "http://localhost:3000", gatewayPublicUrl: "http://localhost:8280", development: true })["content-security-policy"]);
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    const prod = directives(securityHeaders({ publicUrl: "http://localhost:3000", gatewayPublicUrl: "http://localhost:8280" })["content-security-policy"]);
    expect(prod.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("are set by the portal server on every portal response, and not on the gateway's /gw mount", async () => {
    const next = (_req: http.IncomingMessage, res: http.ServerResponse) => res.end("ok");
    const server = http.createServer(portalFront(next, { publicUrl: "https://portal.example", gatewayPublicUrl: "https://gw.example", TRUSTED_PROXIES: [] }, false));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ["/", "/sign-in", "/devportal/apis", "/api/v1/devportal/apis", "/oauth2/token", "/gwx"]) {
        const response = await fetch(`${base}${path}`);
        expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(response.headers.get("content-security-policy")).toContain("connect-src 'self' https://gw.example");
        expect(response.headers.get("x-frame-options")).toBe("DENY");
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=/);
      }
      for (const path of ["/gw", "/gw/pizzashack/1.0.0/menu"]) {
        expect((await fetch(`${base}${path}`)).headers.get("content-security-policy")).toBeNull();
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(isPortalPath("/gw?x=1")).toBe(false);
  });

  it("answers a page address with a control character or broken %-encoding 400 before Next renders it; the REST API and /gw are left to their own answers", async () => {
    let reached: string[] = [];
    const next = (req: http.IncomingMessage, res: http.ServerResponse) => {
      reached.push(req.url ?? "");
      res.end("ok");
    };
    const server = http.createServer(portalFront(next, { publicUrl: "http://portal.example", gatewayPublicUrl: "http://gw.example", TRUSTED_PROXIES: [] }, false));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ["/devportal?query=%00", "/devportal?query=a%1Fb", "/devportal/apis/%00", "/publisher?q=%E0%A4%A", "/admin/users?search=%ED%A0%80", "/sign-in?callbackUrl=%0B"]) {
        reached = [];
        const response = await fetch(`${base}${path}`);
        expect(response.status, path).toBe(400);
        expect(await response.text()).toContain("Bad request");
        expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(reached).toEqual([]);
      }
      for (const path of ["/devportal?query=tag%3Apizza+menu", "/devportal?query=%C3%A9t%C3%A9", "/api/v1/devportal/apis?query=%00", "/gw/x/1.0.0/%00"]) {
        reached = [];
        expect((await fetch(`${base}${path}`)).status, path).toBe(200);
        expect(reached).toEqual([path]);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("next.config.ts sets the headers that depend on no configuration for any host, except on /gw", async () => {
    const rules = await nextConfig.headers!();
    expect(rules).toHaveLength(1);
    expect(Object.fromEntries(rules[0].headers.map(({ key, value }) => [key, value]))).toEqual(STATIC_SECURITY_HEADERS);
    // Next's own matcher for `source` (its compiled copy of path-to-regexp).
    const { pathToRegexp } = createRequire(import.meta.url)("next/dist/compiled/path-to-regexp") as {
      pathToRegexp: (path: string, keys: unknown[], options: object) => RegExp;
    };
    const matches = pathToRegexp(rules[0].source, [], { strict: true, sensitive: false, delimiter: "/" });
    for (const path of ["/", "/sign-in", "/devportal/apis/1", "/_next/static/x.js", "/api/v1/x"]) expect(matches.test(path)).toBe(true);
    for (const path of ["/gw", "/gw/", "/gw/pizzashack/1.0.0/menu"]) expect(matches.test(path)).toBe(false);
  });
});
