import "server-only";
import { BadRequestError, NotFoundError, ValidationError } from "@/lib/errors";
import { authorize, can, parseInput, type Ctx } from "@/lib/services/context";
import { findClient } from "./clients";
import { activeClient } from "./consumer-keys";
import { mintAccessToken, tokenValidity } from "./mint";
import { ownedApplication } from "./owned-application";
import { grantableScopes } from "./scopes";
import { ApplicationTokenInput } from "./schemas";
import { neverExpiringRefused, NO_EXPIRY_FOR_ADMINS_ONLY, secondsUntil } from "./validity";

export type ApplicationToken = {
  accessToken: string;
  tokenType: "Bearer";
  /** Seconds until expiry; null for a token that never expires. */
  expiresIn: number | null;
  scopes: string[];
};

/**
 * An access token for the caller's application, issued as the client_credentials grant would issue
 * it (the developer portal's "Generate access token"), so the secret never has to leave the server.
 */
export async function issueApplicationToken({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ApplicationToken> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(ApplicationTokenInput, input);
  if (neverExpiringRefused(data.validityPeriod, can(actor, "admin:manage"))) {
    throw new ValidationError(`validityPeriod: ${NO_EXPIRY_FOR_ADMINS_ONLY}`, { validityPeriod: [NO_EXPIRY_FOR_ADMINS_ONLY] });
  }
  const application = await ownedApplication(ctx.db, actor, data.applicationId);
  const row = await activeClient(ctx.db, application.id, data.keyType);
  const client = row && (await findClient(ctx.db, row.clientId));
  if (!client) throw new NotFoundError("consumer keys");
  if (!client.grantTypes.includes("client_credentials")) {
    throw new BadRequestError("These consumer keys do not allow the client_credentials grant.");
  }
  // Bounded by the calling credential too: a narrow Bearer token cannot mint a broader token.
  const scopes = await grantableScopes(ctx.db, actor, [...new Set(data.scopes ?? [])]);
  const access = await mintAccessToken(ctx.db, {
    client,
    userId: actor.id,
    scopes,
    use: "APPLICATION",
    validitySeconds: tokenValidity(client, data.validityPeriod),
  });
  return { accessToken: access.token, tokenType: "Bearer", expiresIn: secondsUntil(access.expiresAt, access.issuedAt) ?? null, scopes };
}
