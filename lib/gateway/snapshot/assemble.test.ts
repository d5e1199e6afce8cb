import { describe, expect, it } from "vitest";
import { assembleSnapshot, disassembleSnapshot, type SnapshotParts } from "./assemble";
import { publishSnapshot, SharedSnapshotReader, type SnapshotKeyValue } from "./shared-snapshot";

const parts: SnapshotParts = {
  version: 3,
  builtAt: 1_700_000_000_000,
  apis: [
    {
      id: "a1",
      name: "Shop",
      context: "/shop",
      version: "1.0.0",
      state: "PUBLISHED",
      isDefaultVersion: true,
      resources: [
        { method: "GET", target: "/*", authType: "None", throttlingTier: "Unlimited", scopes: [] },
        { method: "GET", target: "/order/{id}", authType: "Application", throttlingTier: "Unlimited", scopes: ["read"] },
      ],
      endpoints: { PRODUCTION: { url: "http://backend", timeoutMs: 1000 } },
      cors: null,
      sendBackendJwt: false,
      apiThrottlingTier: null,
    },
  ],
  subscriptions: [{ id: "s1", applicationId: "app", apiId: "a1", tier: "Gold", status: "ACTIVE" }],
  applications: [{ id: "app", ownerId: "u", name: "App", tier: "Unlimited" }],
  activeClients: ["client"],
  revoked: [["jti-1", null]],
  jwks: { keys: [] },
  blocking: [{ type: "IP", address: "10.0.0.1" }],
  policies: [["SUBSCRIPTION:Gold", { limit: 5000, windowMs: 60_000 }], ["SUBSCRIPTION:Unlimited", null]],
};

describe("snapshot parts", () => {
  it("index APIs by context with the most specific resource first, and round-trip through JSON", () => {
    const snapshot = assembleSnapshot(JSON.parse(JSON.stringify(parts)));
    const entry = snapshot.contexts.get("/shop")!;
    expect(entry.defaultVersion?.id).toBe("a1");
    expect(entry.versions.get("1.0.0")!.resources.map((r) => r.target)).toEqual(["/order/{id}", "/*"]);
    expect(snapshot.subscriptions.get("app:a1")?.tier).toBe("Gold");
    expect(snapshot.revoked.has("jti-1")).toBe(true);
    const again = disassembleSnapshot(snapshot);
    expect(assembleSnapshot(JSON.parse(JSON.stringify(again))).policies).toEqual(snapshot.policies);
  });

  it("reach an Edge reader through the key-value store, re-read only when the version changes", async () => {
    const store = new Map<string, string>();
    let reads = 0;
    const kv: SnapshotKeyValue = {
      get: async (key) => {
        reads += 1;
        return store.get(key) ?? null;
      },
      set: async (key, value) => store.set(key, value),
    };
    const reader = new SharedSnapshotReader(kv, 0);
    expect(await reader.current()).toBeNull();
    await publishSnapshot(kv, assembleSnapshot(parts), "p1");
    expect((await reader.current())?.contexts.has("/shop")).toBe(true);
    reads = 0;
    await reader.current();
    expect(reads).toBe(1);
  });
});
