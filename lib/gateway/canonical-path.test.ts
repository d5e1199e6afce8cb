import { describe, expect, it } from "vitest";
import { canonicalPath } from "./canonical-path";

const refused = (raw: string) => {
  const result = canonicalPath(raw);
  return typeof result === "string" ? `accepted as ${result}` : "refused";
};

describe("the canonical path", () => {
  it.each([
    "/",
    "/shop/1.0.0/menu",
    "/shop/1.0.0/menu/",
    "/a/b.c/d..e/...x/.hidden/x~y_z-w",
    "/a/!$&'()*+,=:@",
  ])("leaves the usual path %s as it is (the same string)", (raw) => {
    expect(canonicalPath(raw)).toBe(raw);
  });

  it.each([
    ["//admin", "/admin"],
    ["/open//admin///users", "/open/admin/users"],
    ["/open/./x", "/open/x"],
    ["/./admin", "/admin"],
    ["/open/../admin/users", "/admin/users"],
    ["/open/%2e%2e/admin", "/admin"],
    ["/open/%2E%2e/admin", "/admin"],
    ["/open/.%2e/admin", "/admin"],
    ["/open/%2e./admin", "/admin"],
    ["/open/%2e/admin", "/open/admin"],
    ["/a/b/..", "/a/"],
    ["/a/b/.", "/a/b/"],
    ["/a/b/../", "/a/"],
    ["/a/..", "/"],
    ["/.", "/"],
    ["//", "/"],
    ["/a/b/c/../../d", "/a/d"],
    ["/%7euser/%41%62", "/~user/Ab"],
    ["/a%2db%5Fc%2E", "/a-b_c."],
    ["/x/%c3%a9", "/x/%C3%A9"],
    ["/x/%252e%252e/y", "/x/%252e%252e/y"],
    ["/x/%3f%23%20%25", "/x/%3F%23%20%25"],
    ['/x/a"b<c>{d}|e^f`g#h', "/x/a%22b%3Cc%3E%7Bd%7D%7Ce%5Ef%60g%23h"],
  ])("%s is %s", (raw, canonical) => {
    expect(canonicalPath(raw)).toBe(canonical);
  });

  it.each([
    // Dot segments that climb above the root.
    "/..",
    "/../admin",
    "/a/../../admin",
    "/a/%2e%2e/%2e%2e/admin",
    "/ctx/1.0.0/../../../etc/passwd",
    // Encoded separators, raw and encoded backslashes.
    "/open/..%2fadmin",
    "/open/..%2Fadmin",
    "/open/%2fadmin",
    "/open/..\\admin",
    "/open/..%5cadmin",
    "/open/..%5Cadmin",
    "/open\\admin",
    // Path parameters, raw or encoded.
    "/open/..;/admin",
    "/open/%2e%2e;/admin",
    "/open/.;/admin",
    "/admin;x=y/users",
    "/admin/users;jsessionid=1",
    "/open/..%3b/admin",
    "/open/..%3B/admin",
    // NUL, control characters, malformed escapes.
    "/open/%00/admin",
    "/open/..%00/admin",
    "/open/%0a",
    "/open/%7f",
    "/open/\u0001",
    "/open/%zz",
    "/open/%2",
    "/open/%",
    "/open/%%32%65",
    "/open/%u002e%u002e/admin",
    // Escapes that are not UTF-8: overlong dots and slashes, stray continuations, surrogates.
    "/open/%c0%ae%c0%ae/admin",
    "/open/%C0%AE/admin",
    "/open/%c0%af",
    "/open/%e0%80%ae",
    "/open/%80",
    "/open/%ed%a0%80",
    // Not a path.
    "",
    "*",
    "http://evil.example/admin",
    "admin",
    // Raw non-ASCII.
    "/open/\u00e9",
  ])("refuses %s", (raw) => {
    expect(refused(raw)).toBe("refused");
  });

  it("says why it refuses", () => {
    expect(canonicalPath("/a/%zz")).toEqual({ ok: false, reason: expect.stringMatching(/percent-encoding/) });
    expect(canonicalPath("/a/..%2f")).toEqual({ ok: false, reason: expect.stringMatching(/encoded slash/) });
    expect(canonicalPath("/..")).toEqual({ ok: false, reason: expect.stringMatching(/above the root/) });
  });

  it("decides once: the canonical path of a canonical path is itself", () => {
    const samples = ["//a/./b/../c/%2e%2E/d%7e/", "/x/%c3%a9/%41/", "/a/%252e/.%2e/b", "/q/a{b}/"];
    for (const raw of samples) {
      const once = canonicalPath(raw) as string;
      expect(typeof once).toBe("string");
      expect(canonicalPath(once)).toBe(once);
    }
  });
});
