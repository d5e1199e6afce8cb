import { z } from "zod";

/**
 * Control-plane events: what changed, never the new state. Listeners (the gateway's snapshot, caches)
 * re-read what they need. Every field is plain JSON so that a transport can carry events between processes.
 */
export const ControlPlaneEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("token.revoked"),
    /** `jti` of the access token or API key. */
    jti: z.string().min(1),
    /** Epoch seconds when the token would have expired (the JWT `exp`); null when it never expires. */
    expiresAt: z.number().int().nullable(),
  }),
  z.object({ type: z.literal("api.changed"), apiId: z.string().min(1) }),
  z.object({
    type: z.literal("subscription.changed"),
    subscriptionId: z.string().min(1),
    applicationId: z.string().min(1),
    apiId: z.string().min(1),
  }),
  /** The application, or its consumer keys or API keys, changed. */
  z.object({ type: z.literal("application.changed"), applicationId: z.string().min(1) }),
  /** An admin created, edited or deleted a throttling policy. */
  z.object({ type: z.literal("policies.changed") }),
  /**
   * An admin disabled or re-enabled a user: the gateway refuses the user's tokens and API keys (and
   * those of the user's applications) at once, without waiting for a rebuild.
   */
  z.object({
    type: z.literal("user.access.changed"),
    userId: z.string().min(1),
    disabled: z.boolean(),
    /** Epoch milliseconds before which the user's credentials are dead; null: none. */
    tokensValidFrom: z.number().int().nullable(),
  }),
  /** A signing key was created or a rotation published the next one: verifiers re-read the JWKS. */
  z.object({ type: z.literal("signing-keys.changed") }),
  /** An admin added, switched or removed a blocking condition. */
  z.object({ type: z.literal("blocking.changed") }),
]);

export type ControlPlaneEvent = z.infer<typeof ControlPlaneEvent>;
export type ControlPlaneEventType = ControlPlaneEvent["type"];
