import "server-only";
import { z } from "zod";
import { KEY_TYPES } from "@/db/schema/apis";
import { ValiditySeconds } from "./validity";

/** The grants the token endpoint implements. */
export const GRANT_TYPES = ["client_credentials", "password", "refresh_token"] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** PRODUCTION or SANDBOX, in any case (REST paths use both spellings). */
export const KeyTypeInput = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(KEY_TYPES, "PRODUCTION or SANDBOX"));

/** A scope token (RFC 6749 §3.3): printable ASCII except space, `"` and `\`. */
export const ScopeToken = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,200}$/, "Not a valid scope name.");

export const ApplicationKeysInput = z.object({
  applicationId: z.uuid("Not a valid application id."),
  keyType: KeyTypeInput,
});

export const GenerateConsumerKeysInput = ApplicationKeysInput.extend({
  grantTypes: z.array(z.enum(GRANT_TYPES)).min(1).optional(),
});

export const ApplicationTokenInput = ApplicationKeysInput.extend({
  validityPeriod: ValiditySeconds.optional(),
  scopes: z.array(ScopeToken).max(100).optional(),
});

export const CreateApiKeyInput = ApplicationKeysInput.extend({
  validityPeriod: ValiditySeconds.optional(),
});

export const ListApiKeysInput = z.object({
  applicationId: z.uuid("Not a valid application id."),
  keyType: KeyTypeInput.optional(),
});

export const RevokeApiKeyInput = ApplicationKeysInput.extend({
  keyId: z.uuid("Not a valid API key id."),
});
