import { describe, expect, it } from "vitest";
import { TokenCache } from "./token-cache";

type Entry = { name: string; expiresAtMs: number | null };

/** A JWT-like token: a long header and payload, then a 43-character signature. */
const token = (payload: string, signature: string) => `${"h".repeat(40)}.${payload.padEnd(600, "p")}.${signature.padStart(43, "s")}`;

describe("TokenCache", () => {
  it("answers a token it holds, even when it arrives as another string with the same characters", () => {
    const cache = new TokenCache<Entry>();
    const presented = token("alice", "sig-a");
    cache.set(presented, { name: "alice", expiresAtMs: null });
    expect(cache.get([...presented].join(""), 0)?.name).toBe("alice");
  });

  it("misses a token that only shares the cached token's signature tail", () => {
    const cache = new TokenCache<Entry>();
    cache.set(token("alice", "sig-a"), { name: "alice", expiresAtMs: null });
    expect(cache.get(token("mallory", "sig-a"), 0)).toBeUndefined();
    expect(cache.get(token("alice", "sig-b"), 0)).toBeUndefined();
  });

  it("keeps the later of two tokens that share a tail, and still tells them apart", () => {
    const cache = new TokenCache<Entry>();
    cache.set(token("alice", "sig-a"), { name: "alice", expiresAtMs: null });
    cache.set(token("bob", "sig-a"), { name: "bob", expiresAtMs: null });
    expect(cache.get(token("bob", "sig-a"), 0)?.name).toBe("bob");
    expect(cache.get(token("alice", "sig-a"), 0)).toBeUndefined();
  });

  it("forgets an entry once it has expired", () => {
    const cache = new TokenCache<Entry>();
    const presented = token("alice", "sig-a");
    cache.set(presented, { name: "alice", expiresAtMs: 1000 });
    expect(cache.get(presented, 999)?.name).toBe("alice");
    expect(cache.get(presented, 1000)).toBeUndefined();
    cache.set(presented, { name: "alice", expiresAtMs: null });
    expect(cache.get(presented, 5000)?.name).toBe("alice");
  });

  it("holds at most its bound, dropping the oldest first", () => {
    const cache = new TokenCache<Entry>(2);
    cache.set(token("a", "sig-1"), { name: "a", expiresAtMs: null });
    cache.set(token("b", "sig-2"), { name: "b", expiresAtMs: null });
    cache.set(token("c", "sig-3"), { name: "c", expiresAtMs: null });
    expect(cache.get(token("a", "sig-1"), 0)).toBeUndefined();
    expect(cache.get(token("b", "sig-2"), 0)?.name).toBe("b");
    expect(cache.get(token("c", "sig-3"), 0)?.name).toBe("c");
  });

  it("takes short credentials whole", () => {
    const cache = new TokenCache<Entry>();
    cache.set("short", { name: "short", expiresAtMs: null });
    expect(cache.get("short", 0)?.name).toBe("short");
    expect(cache.get("shorter", 0)).toBeUndefined();
  });
});
