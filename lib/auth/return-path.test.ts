import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./guards";
import { sameOriginRedirect } from "./next-auth";
import { sameOriginPath } from "./return-path";

const BASE = "http://portal.example";

/** Where a browser on the portal would land following `target` as a link or `location` does. */
function landsOn(target: string): string {
  return new URL(target, `${BASE}/sign-in`).origin;
}

const LEAVING = [
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "/\\\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/ /evil.example",
  "/%09/evil.example",
  "%2F%09%2Fevil.example",
  "/%0a/evil.example",
  "/%0D%0A/evil.example",
  "%2F%2Fevil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "/%255Cevil.example",
  "/%252F%252Fevil.example",
  "/a/..//evil.example",
  "/.//evil.example",
  "/%2e//evil.example",
  "https://evil.example",
  "http://portal.example.evil.example/",
  "https:evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "\u0000//evil.example",
  "/\u2028/evil.example",
  "/%E2%80%A8/evil.example",
  "/%",
  "",
];

describe("return paths after sign-in", () => {
  it.each(LEAVING)("refuses %j", (value) => {
    expect(sameOriginPath(value)).toBeNull();
    expect(safeReturnPath(value)).toBe("/devportal");
    // The sign-in page hands its value to the browser as it is: wherever that goes, it is home.
    expect(landsOn(safeReturnPath(decodeURIComponentSafe(value)))).toBe(BASE);
  });

  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeReturnPath("/publisher/apis/123?tab=docs#top")).toBe("/publisher/apis/123?tab=docs#top");
    expect(safeReturnPath("/devportal/apis/abc/console")).toBe("/devportal/apis/abc/console");
    expect(safeReturnPath(["/admin", "//evil.example"])).toBe("/admin");
    expect(safeReturnPath(undefined)).toBe("/devportal");
  });

  it("lets next-auth redirect only to the portal's own origin", () => {
    expect(sameOriginRedirect("/publisher", BASE)).toBe(`${BASE}/publisher`);
    expect(sameOriginRedirect(`${BASE}/admin?x=1`, BASE)).toBe(`${BASE}/admin?x=1`);
    for (const value of [...LEAVING, `${BASE}//evil.example`, `${BASE}/%2F%2Fevil.example`, "http://portal.example:8080/x", "https://portal.example/x"]) {
      const target = sameOriginRedirect(value, BASE);
      expect(new URL(target).origin).toBe(BASE);
      expect(new URL(target).pathname.startsWith("//")).toBe(false);
    }
  });
});

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
