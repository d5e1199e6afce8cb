import "server-only";
import type { MintedToken } from "../mint";
import { secondsUntil } from "../validity";
import { oauthJson } from "./errors";

/** RFC 6749 §5.1. `scope` is always sent, because it may differ from what was asked. */
export function tokenResponse(input: { access: MintedToken; scopes: readonly string[]; refreshToken?: string }): Response {
  const expiresIn = secondsUntil(input.access.expiresAt, input.access.issuedAt);
  return oauthJson({
    access_token: input.access.token,
    token_type: "Bearer",
    ...(expiresIn !== undefined ? { expires_in: expiresIn } : {}),
    scope: input.scopes.join(" "),
    ...(input.refreshToken ? { refresh_token: input.refreshToken } : {}),
  });
}
