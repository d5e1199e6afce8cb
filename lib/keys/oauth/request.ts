import "server-only";
import type { Database } from "@/db/client";
import { config } from "@/lib/config";
import { requestClientAddress } from "@/lib/http/client-address";
import { readText } from "@/lib/http/read-body";
import { hasUnsafeChars } from "@/lib/http/unsafe-text";
import { authenticateClient, type OAuthClient } from "../clients";
import { OAuthError } from "./errors";

/** Form bodies of the OAuth endpoints are small; anything larger is refused while it streams (413). */
const MAX_FORM_BYTES = 16 * 1024;

/** An `application/x-www-form-urlencoded` body as a plain object; repeated parameters are refused (RFC 6749 §3.2). */
export async function readForm(request: Request): Promise<Record<string, string>> {
  if (request.method !== "POST") throw new OAuthError("invalid_request", "Use POST.", 405, { allow: "POST" });
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthError("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
  }
  const text = await readText(request, MAX_FORM_BYTES);
  const form: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (hasUnsafeChars(name) || hasUnsafeChars(value)) throw new OAuthError("invalid_request", "A parameter holds a control character.");
    if (Object.hasOwn(form, name)) throw new OAuthError("invalid_request", `The parameter ${name} is repeated.`);
    form[name] = value;
  }
  return form;
}

/** How the client presented its credentials (RFC 6749 §2.3.1). */
export type ClientCredentials = { clientId: string; clientSecret: string; method: "client_secret_basic" | "client_secret_post" };

/** The client's credentials from HTTP Basic or the form body; exactly one method may be used. */
export function clientCredentials(request: Request, form: Record<string, string>): ClientCredentials {
  const basic = basicCredentials(request, { formEncoded: true });
  if (basic === "malformed") throw OAuthError.invalidClient("The Authorization header is not valid HTTP Basic.", true);
  if (basic) {
    if (form.client_secret !== undefined) {
      throw new OAuthError("invalid_request", "Authenticate the client with one method only: HTTP Basic or the body.");
    }
    if (form.client_id !== undefined && form.client_id !== basic.username) {
      throw new OAuthError("invalid_request", "client_id in the body differs from the one in HTTP Basic.");
    }
    return { clientId: basic.username, clientSecret: basic.password, method: "client_secret_basic" };
  }
  if (form.client_id && form.client_secret) {
    return { clientId: form.client_id, clientSecret: form.client_secret, method: "client_secret_post" };
  }
  throw OAuthError.invalidClient("Authenticate the client with HTTP Basic, or client_id and client_secret in the body.", true);
}

/** Authenticates the request's client; 401 invalid_client on any failure. */
export async function requireClient(db: Database, request: Request, form: Record<string, string>): Promise<OAuthClient> {
  const credentials = clientCredentials(request, form);
  const client = await authenticateClient(db, credentials.clientId, credentials.clientSecret);
  if (!client) {
    throw OAuthError.invalidClient("Client authentication failed.", credentials.method === "client_secret_basic");
  }
  // A client registered for one method (RFC 7591 token_endpoint_auth_method) may not use another:
  // a secret meant only for an Authorization header must not be accepted from a logged form body.
  const registered = client.metadata.token_endpoint_auth_method;
  if (typeof registered === "string" && registered !== credentials.method) {
    throw OAuthError.invalidClient(`This client authenticates with ${registered} only.`, registered === "client_secret_basic");
  }
  return client;
}

/**
 * `Authorization: Basic` as username and password; null when the header is absent or another scheme.
 * OAuth client credentials are form-urlencoded before encoding (RFC 6749 §2.3.1); user credentials are not.
 */
export function basicCredentials(
  request: Request,
  { formEncoded }: { formEncoded: boolean },
): { username: string; password: string } | null | "malformed" {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!header || !/^Basic\b/i.test(header)) return null;
  if (!match) return "malformed";
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return "malformed";
  let [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  if (formEncoded) {
    try {
      [username, password] = [formDecode(username), formDecode(password)];
    } catch {
      return "malformed";
    }
  }
  // A NUL or other control character names no user or client; it must not reach a query.
  if (hasUnsafeChars(username) || hasUnsafeChars(password)) return "malformed";
  return { username, password };
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

/** The caller's address for brute-force guards, by the one rule of lib/http/client-address.ts. */
export function clientAddress(request: Request): string {
  return requestClientAddress(request, config().clientAddress);
}
