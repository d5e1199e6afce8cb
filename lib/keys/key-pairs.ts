import "server-only";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { signingKeys } from "@/db/schema";
import { SIGNING_ALGORITHM } from "./jwt";
import { seal, unseal } from "./secret-box";

type NewSigningKeyRow = typeof signingKeys.$inferInsert & { kid: string; removeAfter: Date | null };

/** A fresh ES256 key pair and its row: public JWK in the clear, private JWK sealed under SECRET_KEY. */
export async function newKeyPair(activatesAt = new Date()): Promise<{ privateKey: CryptoKey; row: NewSigningKeyRow }> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  // RFC 7638 thumbprint: unique per key and the same wherever it is computed.
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    privateKey,
    row: {
      kid,
      alg: SIGNING_ALGORITHM,
      publicJwk: { ...publicJwk },
      privateKeyEncrypted: seal(JSON.stringify(await exportJWK(privateKey)), kid),
      createdAt: activatesAt,
      // Nothing signed yet: once retired, the key may leave the JWKS at once.
      removeAfter: activatesAt,
    },
  };
}

/** The private key of a stored row; throws if SECRET_KEY changed since it was sealed. */
export async function openPrivateKey(row: { kid: string; privateKeyEncrypted: string }): Promise<CryptoKey> {
  const jwk = JSON.parse(unseal(row.privateKeyEncrypted, row.kid)) as JWK;
  return (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey;
}
