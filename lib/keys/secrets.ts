import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefixes make a leaked secret recognisable (and scannable) at a glance. */
export const SECRET_PREFIXES = {
  consumerKey: "pck_",
  consumerSecret: "pcs_",
  refreshToken: "pcr_",
} as const;

type SecretKind = keyof typeof SECRET_PREFIXES;

/** `prefix_` + 256 random bits (base64url). */
export function generateSecret(kind: SecretKind): string {
  return SECRET_PREFIXES[kind] + randomBytes(32).toString("base64url");
}

/** Consumer keys are identifiers, not secrets: shorter, still unguessable. */
export function generateConsumerKey(): string {
  return SECRET_PREFIXES.consumerKey + randomBytes(18).toString("base64url");
}

/** What is stored instead of a secret: sha256, hex. Secrets are 256-bit random, so no salt or stretching is needed. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant-time comparison of two sha256 hex digests. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === 32 && right.length === 32 && timingSafeEqual(left, right);
}

/** Checks a presented secret against a stored hash in constant time. */
export function secretMatches(presented: string, storedHash: string): boolean {
  return hashesEqual(hashSecret(presented), storedHash);
}

/** Enough of a secret to tell several apart in a list: the prefix and six characters. */
export function secretDisplayPrefix(secret: string): string {
  const prefix = Object.values(SECRET_PREFIXES).find((p) => secret.startsWith(p)) ?? "";
  return secret.slice(0, prefix.length + 6);
}
