import { describe, expect, it } from "vitest";
import type { Caller, GatewayContext } from "../context";
import type { GatewaySnapshot, ResourceSnapshot } from "../snapshot/types";
import { perCallerAndResource } from "./per-caller";

const caller = (): Caller => ({ jti: "j", subject: "s", applicationId: "a", keyType: "PRODUCTION", scopes: [], tokenUse: "APPLICATION", claims: null });
const ctx = (snapshot: object, who: Caller, resource: object) =>
  ({ snapshot: snapshot as GatewaySnapshot, caller: who, resource: resource as ResourceSnapshot }) as GatewayContext;

describe("perCallerAndResource", () => {
  it("works a value out once per snapshot, caller and resource", () => {
    let computed = 0;
    const memo = perCallerAndResource(() => ++computed);
    const [snapshot, alice, menu] = [{}, caller(), {}];
    expect(memo(ctx(snapshot, alice, menu))).toBe(1);
    expect(memo(ctx(snapshot, alice, menu))).toBe(1);
    // Anything else that differs is worked out afresh: a rebuilt snapshot, another caller, another resource.
    expect(memo(ctx({}, alice, menu))).toBe(2);
    expect(memo(ctx(snapshot, caller(), menu))).toBe(3);
    expect(memo(ctx(snapshot, alice, {}))).toBe(4);
    expect(memo(ctx(snapshot, alice, menu))).toBe(1);
  });

  it("keeps a null answer (nothing to refuse) rather than working it out again", () => {
    let computed = 0;
    const memo = perCallerAndResource(() => {
      computed++;
      return null;
    });
    const context = ctx({}, caller(), {});
    memo(context);
    memo(context);
    expect(computed).toBe(1);
  });
});
