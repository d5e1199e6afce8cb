import type { GatewayReply } from "./context";

/** The gateway's error answers (SPEC "Gateway", WSO2 4.x shape and codes). */
export const GATEWAY_ERRORS = {
  /** Not in WSO2's table: a request path the gateway will not decide on for a backend (canonical-path.ts). */
  badPath: { status: 400, code: "400", message: "Bad Request" },
  missingCredentials: { status: 401, code: "900902", message: "Missing Credentials" },
  invalidCredentials: { status: 401, code: "900901", message: "Invalid Credentials" },
  incorrectTokenType: { status: 401, code: "900905", message: "Incorrect Access Token Type is provided" },
  resourceForbidden: { status: 403, code: "900908", message: "Resource forbidden" },
  scopeForbidden: {
    status: 403,
    code: "900910",
    message: "The access token does not allow you to access the requested resource",
  },
  blocked: { status: 403, code: "900805", message: "Message blocked" },
  apiNotFound: { status: 404, code: "404", message: "Not Found" },
  resourceNotFound: { status: 404, code: "404", message: "Runtime Error" },
  apiThrottled: { status: 429, code: "900800", message: "Message throttled out" },
  resourceThrottled: { status: 429, code: "900802", message: "Message throttled out" },
  applicationThrottled: { status: 429, code: "900803", message: "Message throttled out" },
  subscriptionThrottled: { status: 429, code: "900804", message: "Message throttled out" },
  backendUnreachable: { status: 502, code: "101503", message: "Error connecting to the back end" },
  backendTimeout: { status: 504, code: "101504", message: "Connection timed out" },
  apiBlocked: { status: 503, code: "700700", message: "API blocked" },
  /** Not in WSO2's table: an Edge gateway that cannot read any snapshot from Upstash (mount c). */
  gatewayUnavailable: { status: 503, code: "503", message: "Service Unavailable" },
} as const satisfies Record<string, { status: number; code: string; message: string }>;

export type GatewayError = keyof typeof GATEWAY_ERRORS;

export function gatewayError(
  kind: GatewayError,
  description: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): GatewayReply {
  const { status, code, message } = GATEWAY_ERRORS[kind];
  const auth: Record<string, string> =
    status === 401 ? { "www-authenticate": 'Bearer realm="portcullis", error="invalid_token"' } : {};
  return {
    status,
    headers: { "content-type": "application/json", ...auth, ...headers },
    body: JSON.stringify({ code, message, description, ...extra }),
    errorCode: code,
  };
}
