import { describe, expect, it } from "vitest";
import { DEFAULT_POLICIES, UNAUTHENTICATED_POLICY, defaultPolicyNames } from "./default-policies";

describe("default throttling policies", () => {
  it("match the SPEC's tiers per level", () => {
    expect(defaultPolicyNames("SUBSCRIPTION")).toEqual(["Unlimited", "Gold", "Silver", "Bronze"]);
    expect(defaultPolicyNames("APPLICATION")).toEqual(["Unlimited", "50PerMin", "20PerMin", "10PerMin"]);
    expect(defaultPolicyNames("API")).toEqual(["Unlimited", "50KPerMin", "20KPerMin", "10KPerMin"]);
  });

  it("carry their limits per minute, with Unlimited as no limit", () => {
    expect(DEFAULT_POLICIES.SUBSCRIPTION.Gold).toMatchObject({ requestCount: 5000, unitTime: 1, timeUnit: "min" });
    expect(DEFAULT_POLICIES.SUBSCRIPTION.Bronze.requestCount).toBe(1000);
    expect(DEFAULT_POLICIES.APPLICATION["10PerMin"].requestCount).toBe(10);
    expect(DEFAULT_POLICIES.API["50KPerMin"].requestCount).toBe(50_000);
    expect(DEFAULT_POLICIES.API.Unlimited.requestCount).toBeNull();
    expect(UNAUTHENTICATED_POLICY).toMatchObject({ displayName: "Unauthenticated", requestCount: 500, timeUnit: "min" });
  });

  it("hands out a fresh list each time, so callers may extend it", () => {
    defaultPolicyNames("API").push("Custom");
    expect(defaultPolicyNames("API")).not.toContain("Custom");
  });
});
