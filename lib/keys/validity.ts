import { z } from "zod";

/** Access-token validity when neither the request nor an application says otherwise (SPEC "Key manager"). */
export const DEFAULT_TOKEN_VALIDITY_SECONDS = 3600;
/** Refresh tokens live a day, renewed on each rotation (WSO2's default). */
export const REFRESH_TOKEN_VALIDITY_SECONDS = 86_400;
/** Ten years: the longest finite validity we accept, to keep dates sane. */
export const MAX_VALIDITY_SECONDS = 10 * 365 * 86_400;

/** A validity period in seconds; any negative value means the token never expires. Zero is refused. */
export const ValiditySeconds = z
  .number("Send the validity period as a whole number of seconds.")
  .int("Send the validity period as a whole number of seconds.")
  .min(-MAX_VALIDITY_SECONDS)
  .max(MAX_VALIDITY_SECONDS, `At most ${MAX_VALIDITY_SECONDS} seconds (ten years); a negative value means no expiry.`)
  .refine((v) => v !== 0, "Zero would expire at once; use a positive number, or a negative one for no expiry.");

/** When a token issued at `issuedAt` with `validitySeconds` expires; null when it never does. */
export function expiryFor(issuedAt: Date, validitySeconds: number): Date | null {
  return validitySeconds < 0 ? null : new Date(issuedAt.getTime() + validitySeconds * 1000);
}

/** `expires_in` for a token response; undefined for a token that never expires. */
export function secondsUntil(expiresAt: Date | null, now: Date): number | undefined {
  return expiresAt ? Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 1000)) : undefined;
}
