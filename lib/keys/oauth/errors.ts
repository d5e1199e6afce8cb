import "server-only";
import { BadRequestError, PayloadTooLargeError } from "@/lib/errors";
import { logger } from "@/lib/observability/log-core";

const log = logger("oauth");

/** Error codes of RFC 6749 §5.2, RFC 7009 §2.2.1 and RFC 7591 §3.2.2, plus `access_denied` for refused owner credentials. */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "unsupported_token_type"
  | "invalid_client_metadata"
  | "invalid_redirect_uri"
  | "access_denied"
  | "server_error";

/** The Basic challenge a 401 carries when the client tried (or should try) HTTP Basic. */
export const BASIC_CHALLENGE = 'Basic realm="portcullis", charset="UTF-8"';

/** An error the OAuth endpoints answer with their RFC JSON body (never problem+json). */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = "OAuthError";
  }

  /** 401 invalid_client; with the Basic challenge when the client used (or omitted) HTTP Basic. */
  static invalidClient(description: string, challenge: boolean): OAuthError {
    return new OAuthError("invalid_client", description, 401, challenge ? { "www-authenticate": BASIC_CHALLENGE } : {});
  }
}

/** JSON with the headers every OAuth answer carries: never cached (RFC 6749 §5.1). */
export function oauthJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", pragma: "no-cache", ...headers } });
}

export function oauthErrorResponse(error: OAuthError): Response {
  return oauthJson({ error: error.error, error_description: error.description }, error.status, error.headers);
}

/** Wraps an endpoint: OAuth errors become their RFC body; anything else is logged and becomes server_error. */
export function oauthEndpoint(handler: (request: Request) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorResponse(error);
      if (error instanceof PayloadTooLargeError || error instanceof BadRequestError) {
        return oauthErrorResponse(new OAuthError("invalid_request", error.message, error.status));
      }
      log.error({ err: error }, "unexpected error");
      return oauthErrorResponse(new OAuthError("server_error", "Something went wrong on our side. It has been logged.", 500));
    }
  };
}
