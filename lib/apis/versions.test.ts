import { describe, expect, it } from "vitest";
import { compareVersions } from "./versions";

describe("compareVersions", () => {
  it("orders numeric parts numerically and the rest as text", () => {
    const sorted = ["2.0.0", "1.10.0", "v1.2", "1.9.0", "1.0.0", "1.0.0-beta", "10"].sort(compareVersions);
    expect(sorted).toEqual(["1.0.0", "1.0.0-beta", "v1.2", "1.9.0", "1.10.0", "2.0.0", "10"]);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
  });
});
