import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { config } from "@/lib/config";

/**
 * Encrypts signing keys at rest with AES-256-GCM under a key derived from SECRET_KEY (HKDF-SHA256).
 * The associated data binds each ciphertext to its row (the key id), so rows cannot be swapped.
 */
const VERSION = "v1";
const SALT = "portcullis/secret-box";
const INFO = "signing-keys aes-256-gcm";

function encryptionKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", config().SECRET_KEY, SALT, INFO, 32));
}

/** `v1.<iv>.<ciphertext>.<tag>`, each part base64url. */
export function seal(plaintext: string, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** Throws if the data was tampered with or SECRET_KEY changed since it was sealed. */
export function unseal(sealed: string, associatedData: string): string {
  const [version, iv, ciphertext, tag] = sealed.split(".");
  if (version !== VERSION || !iv || !ciphertext || !tag) throw new Error("Unrecognised sealed value.");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
