import { describe, expect, it } from "vitest";
import { canonicalPath } from "./canonical-path";
import { compileTemplate } from "./uri-template";

/** Templates are tested against the canonical path, so they are matched as the path is spelled there. */
const matches = (template: string, raw: string) => {
  const path = canonicalPath(raw);
  return typeof path === "string" && compileTemplate(template).regex.test(path);
};

describe("URI templates on the canonical path", () => {
  it("spell a literal's escapes as the canonical path does", () => {
    expect(matches("/caf%c3%a9/%7euser", "/caf%C3%A9/~user")).toBe(true);
    expect(matches("/caf%C3%A9/~user", "/caf%c3%a9/%7Euser")).toBe(true);
  });

  it("keep `{param}` to one segment and `/*` under its prefix, however the path is spelled", () => {
    for (const raw of ["/order/1/../../admin", "/order/..%2fadmin", "/order/%2e%2e/admin", "/order/1;/admin", "/order/1/%2e/x"]) {
      expect(matches("/order/{id}", raw)).toBe(false);
    }
    expect(matches("/order/{id}", "/order/%2e%2e1")).toBe(true);
    for (const raw of ["/open/../admin", "/open/%2e%2e/admin", "/open/.%2e/x", "/openx", "/open%2fx", "/open/..\\admin"]) {
      expect(matches("/open/*", raw)).toBe(false);
    }
    expect(matches("/open/*", "/open/./a//b")).toBe(true);
  });
});
