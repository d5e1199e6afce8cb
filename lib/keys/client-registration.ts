import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { insertClient } from "./clients";
import { RedirectUri } from "./redirect-uris";
import { parseScopeParam } from "./scopes";
import { GRANT_TYPES } from "./schemas";
import { epochSeconds } from "./jwt";

export const CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"] as const;

/**
 * RFC 7591 §2 client metadata. Members we do not know are ignored (§3.1); values we cannot honour
 * are refused by name. There is no authorization endpoint, so no response type is supported.
 */
export const ClientRegistrationInput = z.object({
  client_name: z.string().trim().min(1).max(100).optional(),
  grant_types: z
    .array(z.enum(GRANT_TYPES, `Supported grant types: ${GRANT_TYPES.join(", ")}.`))
    .min(1)
    .optional(),
  response_types: z.array(z.string()).max(0, "No response types are supported (there is no authorization endpoint).").optional(),
  token_endpoint_auth_method: z.enum(CLIENT_AUTH_METHODS, `Supported methods: ${CLIENT_AUTH_METHODS.join(", ")}.`).optional(),
  redirect_uris: z.array(RedirectUri).max(20).optional(),
  scope: z
    .string()
    .max(4000)
    .refine((v) => parseScopeParam(v) !== null, "Not a valid space-separated list of scopes.")
    .optional(),
});

/** RFC 7591 §3.2.1: the client information response. The secret is in it once and never again. */
export type RegisteredClient = {
  client_id: string;
  client_secret: string;
  client_id_issued_at: number;
  client_secret_expires_at: 0;
  client_name: string;
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: (typeof CLIENT_AUTH_METHODS)[number];
  redirect_uris: string[];
  scope?: string;
};

/** Registers an OAuth client owned by the caller and tied to no application (scripts, CI, tools). */
export async function registerClient({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<RegisteredClient> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(ClientRegistrationInput, input);
  const grantTypes = data.grant_types ? [...new Set(data.grant_types)] : [...GRANT_TYPES];
  const authMethod = data.token_endpoint_auth_method ?? "client_secret_basic";
  const scope = data.scope ? parseScopeParam(data.scope)?.join(" ") : undefined;
  const name = data.client_name ?? "Registered client";
  const { row, clientSecret } = await ctx.db.transaction(async (tx) => {
    const created = await insertClient(tx, {
      ownerId: actor.id,
      applicationId: null,
      keyType: "PRODUCTION",
      name,
      grantTypes,
      redirectUris: data.redirect_uris ?? [],
      metadata: { token_endpoint_auth_method: authMethod, ...(scope ? { scope } : {}) },
    });
    await recordAudit(tx, actor, {
      action: "oauth_client.register",
      targetType: "oauth_client",
      targetId: created.row.id,
      details: { clientId: created.row.clientId, name, grantTypes },
    });
    return created;
  });
  return {
    client_id: row.clientId,
    client_secret: clientSecret,
    client_id_issued_at: epochSeconds(row.createdAt),
    client_secret_expires_at: 0,
    client_name: name,
    grant_types: grantTypes,
    response_types: [],
    token_endpoint_auth_method: authMethod,
    redirect_uris: row.redirectUris,
    ...(scope ? { scope } : {}),
  };
}
