import type { Caller, GatewayContext } from "../context";
import type { GatewaySnapshot, ResourceSnapshot } from "../snapshot/types";

/**
 * What follows from the snapshot, an authenticated caller and the resource alone, worked out on their
 * first call and reused: the same token calling the same resource finds the same subscription and the
 * same limiter keys every time, and building those strings and hashing them again cost more than the
 * checks themselves. Held weakly by snapshot and caller, so a rebuilt snapshot or a token that left
 * the cache starts afresh. Sound because a snapshot only changes in place in `revoked`, which is
 * checked on every call and never read here.
 */
export function perCallerAndResource<T>(compute: (ctx: GatewayContext) => T): (ctx: GatewayContext) => T {
  const bySnapshot = new WeakMap<GatewaySnapshot, WeakMap<Caller, Map<ResourceSnapshot, T>>>();
  return (ctx) => {
    let byCaller = bySnapshot.get(ctx.snapshot);
    if (!byCaller) bySnapshot.set(ctx.snapshot, (byCaller = new WeakMap()));
    const caller = ctx.caller!;
    let byResource = byCaller.get(caller);
    if (!byResource) byCaller.set(caller, (byResource = new Map()));
    const resource = ctx.resource!;
    let value = byResource.get(resource);
    if (value === undefined) byResource.set(resource, (value = compute(ctx)));
    return value;
  };
}
