import { describe, expect, it } from "vitest";
import { seal, unseal } from "./secret-box";
import { generateConsumerKey, generateSecret, hashesEqual, hashSecret, secretDisplayPrefix, secretMatches } from "./secrets";

describe("secrets", () => {
  it("generates prefixed 256-bit secrets and distinct consumer keys", () => {
    const secret = generateSecret("consumerSecret");
    expect(secret).toMatch(/^pcs_[A-Za-z0-9_-]{43}$/);
    expect(generateSecret("refreshToken")).toMatch(/^pcr_/);
    expect(generateConsumerKey()).toMatch(/^pck_[A-Za-z0-9_-]{24}$/);
    expect(generateSecret("consumerSecret")).not.toBe(secret);
    expect(secretDisplayPrefix(secret)).toBe(secret.slice(0, 10));
  });

  it("matches a secret against its hash only", () => {
    const secret = generateSecret("consumerSecret");
    const hash = hashSecret(secret);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches(secret, hash)).toBe(true);
    expect(secretMatches(`${secret}x`, hash)).toBe(false);
    expect(hashesEqual(hash, "not hex")).toBe(false);
  });
});

describe("secret box", () => {
  it("round-trips, and refuses another row's data or a tampered value", () => {
    const sealed = seal('{"d":"private"}', "kid-1");
    expect(sealed).not.toContain("private");
    expect(unseal(sealed, "kid-1")).toBe('{"d":"private"}');
    expect(() => unseal(sealed, "kid-2")).toThrow();
    const [version, iv, ciphertext, tag] = sealed.split(".");
    const flipped = `${ciphertext.slice(0, -2)}${ciphertext.endsWith("AA") ? "BB" : "AA"}`;
    expect(() => unseal([version, iv, flipped, tag].join("."), "kid-1")).toThrow();
    expect(seal("same", "kid-1")).not.toBe(seal("same", "kid-1"));
  });
});
