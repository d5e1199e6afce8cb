import "server-only";
/**
 * `value` as a path on this origin, or null. Browsers drop tabs and newlines from URLs, read `\` as
 * `/` and percent-decoding happens more than once on the way, so a value that merely starts with
 * one "/" can still leave (`/\t/evil`, `/%09/evil`, `/\\evil`): refuse every control character,
 * space and backslash, raw or percent-encoded, then resolve the rest against a stand-in origin and
 * keep it only when it stays there.
 */
export function sameOriginPath(value: string | null | undefined): string | null {
  if (!value || value.length > 2048 || !value.startsWith("/")) return null;
  let decoded = value;
  // Decoded until it stops changing (bounded), so no layer of encoding hides a "//" or a "\".
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (/[\u0000-\u0020\u007f-\u00a0\u2028\u2029\\]/.test(value) || /[\u0000-\u0020\u007f-\u00a0\u2028\u2029\\]/.test(decoded)) return null;
  const resolved = staysOnOrigin(value);
  // Dot segments can rebuild a "//" (`/a/..//evil`), in the value or once decoded.
  return resolved && staysOnOrigin(decoded) ? resolved : null;
}

const STAND_IN = "http://return.invalid";

function staysOnOrigin(value: string): string | null {
  if (value.startsWith("//")) return null;
  let url: URL;
  try {
    url = new URL(value, STAND_IN);
  } catch {
    return null;
  }
  if (url.origin !== STAND_IN || url.pathname.startsWith("//")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
