import "server-only";
import { z } from "zod";

/** Access-token validity when neither the request nor an application says otherwise (SPEC "Key manager"). */
export const DEFAULT_TOKEN_VALIDITY_SECONDS = 3600;
/** Refresh tokens live a day, renewed on each rotation (WSO2's default). */
export const REFRESH_TOKEN_VALIDITY_SECONDS = 86_400;
/** Ten years: the longest finite validity we accept, to keep dates sane. */
export const MAX_VALIDITY_SECONDS = 10 * 365 * 86_400;

/** A validity period in seconds; any negative value means "never expires", issued as the longest (ten years). Zero is refused. */
export const ValiditySeconds = z
  .number("Send the validity period as a whole number of seconds.")
  .int("Send the validity period as a whole number of seconds.")
  .min(-MAX_VALIDITY_SECONDS)
  .max(MAX_VALIDITY_SECONDS, `At most ${MAX_VALIDITY_SECONDS} seconds (ten years); a negative value means ten years (administrators only for access tokens).`)
  .refine((v) => v !== 0, "Zero would expire at once; use a positive number, or a negative one for the longest validity.");

/**
 * When a token issued at `issuedAt` with `validitySeconds` expires. A "never expiring" (negative)
 * validity still gets an `exp`, ten years out: RFC 9068 requires the claim and standard clients and
 * resource servers refuse tokens without it; `expires_in` then says the same ten years.
 */
export function expiryFor(issuedAt: Date, validitySeconds: number): Date | null {
  const seconds = validitySeconds < 0 ? MAX_VALIDITY_SECONDS : validitySeconds;
  return new Date(issuedAt.getTime() + seconds * 1000);
}

export const NO_EXPIRY_FOR_ADMINS_ONLY = "Only an administrator may ask for a token that never expires; give a positive number of seconds.";

/** A negative validity (no expiry) is an administrator's to ask for; anyone else is refused. */
export function neverExpiringRefused(validitySeconds: number | undefined, isAdmin: boolean): boolean {
  return validitySeconds !== undefined && validitySeconds < 0 && !isAdmin;
}

/** `expires_in` for a token response; undefined for a token that never expires. */
export function secondsUntil(expiresAt: Date | null, now: Date): number | undefined {
  return expiresAt ? Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 1000)) : undefined;
}
