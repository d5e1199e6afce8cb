import { generateKeyPair, type JWTVerifyGetKey } from "jose";
import { describe, expect, it } from "vitest";
import { signJwt, verifyJwt, scopesOf } from "./jwt";

describe("jwt", async () => {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const key = { kid: "k1", privateKey };
  const getKey: JWTVerifyGetKey = async () => publicKey;
  const issuer = "https://portcullis.example";
  const claims = { sub: "u", jti: "j", client_id: "c", key_type: "PRODUCTION", aut: "APPLICATION", scope: "a b" };
  const now = new Date();

  it("verifies its own access tokens and pins the kind by typ", async () => {
    const token = await signJwt("accessToken", key, claims, { issuer, issuedAt: now, expiresAt: new Date(now.getTime() + 60_000) });
    const result = await verifyJwt("accessToken", token, getKey, { issuer });
    expect(result.valid && scopesOf(result.claims)).toEqual(["a", "b"]);
    expect(await verifyJwt("apiKey", token, getKey, { issuer })).toEqual({ valid: false, reason: "WRONG_CLAIMS" });
    expect(await verifyJwt("accessToken", token, getKey, { issuer: "https://elsewhere" })).toEqual({ valid: false, reason: "WRONG_CLAIMS" });
  });

  it("names why a token is refused", async () => {
    const expired = await signJwt("accessToken", key, claims, { issuer, issuedAt: new Date(now.getTime() - 600_000), expiresAt: new Date(now.getTime() - 300_000) });
    expect(await verifyJwt("accessToken", expired, getKey, { issuer })).toEqual({ valid: false, reason: "EXPIRED" });
    const other = await generateKeyPair("ES256");
    const forged = await signJwt("accessToken", { kid: "k1", privateKey: other.privateKey }, claims, { issuer, issuedAt: now, expiresAt: null });
    expect(await verifyJwt("accessToken", forged, getKey, { issuer })).toEqual({ valid: false, reason: "BAD_SIGNATURE" });
    expect(await verifyJwt("accessToken", "a.b.c", getKey, { issuer })).toEqual({ valid: false, reason: "MALFORMED" });
    const incomplete = await signJwt("accessToken", key, { sub: "u", jti: "j" }, { issuer, issuedAt: now, expiresAt: null });
    expect(await verifyJwt("accessToken", incomplete, getKey, { issuer })).toEqual({ valid: false, reason: "WRONG_CLAIMS" });
  });
});
