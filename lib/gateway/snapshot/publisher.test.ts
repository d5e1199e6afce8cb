import { describe, expect, it } from "vitest";
import { assembleSnapshot, type SnapshotParts } from "./assemble";
import { createSnapshotPublisher } from "./publisher";
import { SharedSnapshotReader, sharedKeys, type SnapshotKeyValue } from "./shared-snapshot";
import { SnapshotStore } from "./store";
import { captureLogs } from "@/test/harness/logs";

const parts = (version: number, revoked: string[] = []): SnapshotParts => ({
  version,
  builtAt: 1_700_000_000_000 + version,
  apis: [],
  subscriptions: [],
  applications: [],
  activeClients: [],
  revoked: revoked.map((jti) => [jti, null]),
  jwks: { keys: [] },
  blocking: [],
  policies: [],
});

function memoryKv(delayMs = 0) {
  const store = new Map<string, string>();
  const sets: string[] = [];
  const kv: SnapshotKeyValue = {
    get: async (key) => store.get(key) ?? null,
    set: async (key, value) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      sets.push(key);
      store.set(key, value);
    },
  };
  return { kv, store, sets };
}

describe("publishing snapshots for Edge gateways", () => {
  it("sends them in order, only the newest of those waiting, under the configured prefix", async () => {
    const { kv, store } = memoryKv(5);
    const versions: string[] = [];
    const set = kv.set;
    kv.set = async (key, value) => {
      await set(key, value);
      if (key.endsWith("snapshot-version")) versions.push(value);
    };
    const keys = sharedKeys("test-prefix");
    const publisher = createSnapshotPublisher(kv, "p", keys);
    void publisher.publish(assembleSnapshot(parts(1, ["a"])));
    void publisher.publish(assembleSnapshot(parts(2, ["b"])));
    void publisher.publish(assembleSnapshot(parts(3, ["c"])));
    await publisher.idle();
    // 1 went out at once; 2 was overtaken by 3 while 1 was being sent.
    expect(versions).toEqual([`${parts(1).builtAt}-p-1`, `${parts(3).builtAt}-p-3`]);
    expect(store.get("test-prefix:gateway:snapshot-version")).toBe(`${parts(3).builtAt}-p-3`);
    expect(JSON.parse(store.get("test-prefix:gateway:snapshot")!).parts.version).toBe(3);
    const reader = new SharedSnapshotReader(kv, 0, keys);
    expect((await reader.current())?.version).toBe(3);
  });

  it("skips a rebuild that changed nothing, unless the published document has gone", async () => {
    const { kv, store, sets } = memoryKv();
    const publisher = createSnapshotPublisher(kv, "p");
    await publisher.publish(assembleSnapshot(parts(1)));
    await publisher.publish(assembleSnapshot(parts(2)));
    expect(sets).toHaveLength(2);
    await publisher.publish(assembleSnapshot(parts(3, ["jti"])));
    expect(sets).toHaveLength(4);
    store.clear();
    await publisher.publish(assembleSnapshot(parts(4, ["jti"])));
    expect(sets).toHaveLength(6);
  });

  it("gets every snapshot that goes live from the store, the first build included", async () => {
    const seen: number[] = [];
    const store = await SnapshotStore.create(async (version) => assembleSnapshot(parts(version)), {
      onRebuilt: (snapshot) => {
        seen.push(snapshot.version);
      },
    });
    store.patch((snapshot) => snapshot.revoked.set("x", null));
    await store.refresh();
    store.stop();
    expect(seen).toEqual([1, 2]);
    // Patches are re-applied to the rebuilt snapshot before it is handed on.
    expect(store.current.revoked.has("x")).toBe(true);
  });

  it("keeps serving the last snapshot read when the store fails, and fails only without one", async () => {
    const { kv } = memoryKv();
    let down = false;
    const flaky: SnapshotKeyValue = { get: (key) => (down ? Promise.reject(new Error("down")) : kv.get(key)), set: kv.set };
    const reader = new SharedSnapshotReader(flaky, 0);
    down = true;
    await expect(reader.current()).rejects.toThrow("down");
    down = false;
    await createSnapshotPublisher(kv, "p").publish(assembleSnapshot(parts(1)));
    expect((await reader.current())?.version).toBe(1);
    down = true;
    const logs = captureLogs();
    try {
      expect((await reader.current())?.version).toBe(1);
    } finally {
      logs.restore();
    }
  });
});
