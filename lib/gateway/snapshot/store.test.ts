import { describe, expect, it } from "vitest";
import { assembleSnapshot } from "./assemble";
import { SnapshotStore } from "./store";

const empty = (version: number) =>
  assembleSnapshot({ version, changeVersion: version, builtAt: 0, apis: [], subscriptions: [], applications: [], activeClients: [], revoked: [], jwks: { keys: [] }, blocking: [], policies: [] });

describe("SnapshotStore.refresh", () => {
  it("resolves, when a rebuild is running, only after one that started after the call", async () => {
    const builds: { version: number; release: () => void }[] = [];
    let building = false;
    const store = await SnapshotStore.create((version) => {
      if (version === 1 && !building) return Promise.resolve(empty(version));
      building = true;
      return new Promise((resolve) => builds.push({ version, release: () => resolve(empty(version)) }));
    });
    const first = store.refresh();
    // Asked while build 2 runs (it may have read the database before the change): served by build 3.
    const second = store.refresh();
    const third = store.refresh();
    let secondDone = false;
    void second.then(() => (secondDone = true));
    builds.shift()!.release();
    await first;
    expect(store.current.version).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(secondDone).toBe(false);
    expect(builds.map((b) => b.version)).toEqual([3]);
    builds.shift()!.release();
    await Promise.all([second, third]);
    expect(store.current.version).toBe(3);
    expect(builds).toEqual([]);
    store.stop();
  });
});
