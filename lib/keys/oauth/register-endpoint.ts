import "server-only";
import { getDb } from "@/db";
import { guardSignIn } from "@/lib/auth/sign-in-throttle";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { readText } from "@/lib/http/read-body";
import { findUnsafeText } from "@/lib/http/unsafe-text";
import { authenticateUser } from "@/lib/users/authenticate";
import { registerClient } from "../client-registration";
import { BASIC_CHALLENGE, OAuthError, oauthEndpoint, oauthJson } from "./errors";
import { basicCredentials, clientAddress } from "./request";

const MAX_BODY_BYTES = 16 * 1024;

/**
 * `POST /oauth2/register` (RFC 7591), authenticated with the owner's own email and password over
 * HTTP Basic; the client belongs to that user. Errors per §3.2.2.
 */
export const handleRegistrationRequest = oauthEndpoint(async (request) => {
  if (request.method !== "POST") throw new OAuthError("invalid_request", "Use POST.", 405, { allow: "POST" });
  const credentials = basicCredentials(request, { formEncoded: false });
  if (!credentials || credentials === "malformed") throw ownerRefused("Authenticate with your email and password (HTTP Basic).");
  const db = await getDb();
  const outcome = await guardSignIn(credentials.username, clientAddress(request), () =>
    authenticateUser(db, { email: credentials.username, password: credentials.password }),
  );
  if (outcome.throttled) {
    throw new OAuthError("access_denied", `Too many sign-in attempts. Try again in ${outcome.wait} seconds.`, 429, { "retry-after": String(outcome.wait) });
  }
  const actor = outcome.value;
  if (!actor) throw ownerRefused("The email or password is wrong.");
  const metadata = await readMetadata(request);
  try {
    return oauthJson(await registerClient({ ctx: { actor, db }, input: metadata }), 201);
  } catch (error) {
    if (error instanceof ValidationError) {
      const field = Object.keys(error.fieldErrors)[0] ?? "";
      throw new OAuthError(field.startsWith("redirect_uris") ? "invalid_redirect_uri" : "invalid_client_metadata", error.message);
    }
    if (error instanceof ForbiddenError) throw new OAuthError("access_denied", error.message, 403);
    throw error;
  }
});

function ownerRefused(description: string): OAuthError {
  return new OAuthError("access_denied", description, 401, { "www-authenticate": BASIC_CHALLENGE });
}

async function readMetadata(request: Request): Promise<unknown> {
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new OAuthError("invalid_client_metadata", "Send the client metadata as application/json.");
  }
  const text = await readText(request, MAX_BODY_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Falls through to the same answer as a non-object.
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const field = findUnsafeText(value);
    if (field !== null) throw new OAuthError("invalid_client_metadata", `${field}: remove the control character.`);
    return value;
  }
  throw new OAuthError("invalid_client_metadata", "The client metadata must be a JSON object.");
}
