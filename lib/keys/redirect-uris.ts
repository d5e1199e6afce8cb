import "server-only";
import { z } from "zod";

/** Hosts a native app can listen on for its redirect over plain http (RFC 8252 §7.3). */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * Why a redirect URI cannot be registered, or null when it can: https anywhere; http only on the
 * loopback interface; otherwise a private-use scheme in reverse-domain form (RFC 8252 §7.1, e.g.
 * `com.example.app:/callback`). Every other scheme — javascript:, data:, vbscript:, file: and the
 * like — runs or reads something instead of sending the code to the app. Never a fragment
 * (RFC 6749 §3.1.2), never credentials in the URI.
 */
export function redirectUriProblem(value: string): string | null {
  if (value.length > 2000) return "At most 2000 characters.";
  if (/[\s\u0000-\u001f\u007f\\]/.test(value)) return "No whitespace, control characters or backslashes.";
  if (value.includes("#")) return "A redirect URI must not have a fragment.";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Not an absolute URI.";
  }
  if (url.username || url.password) return "A redirect URI must not carry credentials.";
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme === "https") return url.hostname ? null : "An https redirect URI needs a host.";
  if (scheme === "http") {
    return LOOPBACK_HOSTS.has(url.hostname.toLowerCase()) ? null : "Plain http is allowed only on the loopback interface (127.0.0.1, [::1], localhost); use https.";
  }
  // Private-use schemes must be reverse-domain names (they contain a period); that alone excludes
  // javascript:, data:, vbscript:, file:, blob: and about:.
  if (/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(scheme)) return null;
  return "Use https, http on the loopback interface, or a private-use scheme such as com.example.app:/callback.";
}

/** A redirect (callback) URI that is safe to send an authorization response to. */
export const RedirectUri = z.string().superRefine((value, issue) => {
  const problem = redirectUriProblem(value);
  if (problem) issue.addIssue({ code: "custom", message: problem });
});
