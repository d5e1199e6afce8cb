/**
 * The request path, decided once (DESIGN "The path, decided once"). Every step matches on the path
 * this returns and the backend receives exactly it, so no backend can read a call as a different
 * resource than the one the gateway authorized. Pure and Edge-safe.
 *
 * What it does, after Envoy's `normalize_path` + `merge_slashes` and nginx's URI normalization:
 * - percent-encoded unreserved characters (ALPHA DIGIT - . _ ~, `%2e` among them) are decoded, the hex
 *   of every other escape is upper-cased, and a character no path may hold raw (`"`, `<`, `{`, `#`, …) is
 *   encoded;
 * - repeated slashes are merged, and `.` and `..` segments resolved (RFC 3986 §5.2.4), a trailing slash kept.
 *
 * What it refuses, because some backend reads it as something else than a plain character:
 * - an encoded slash or backslash (`%2F`, `%5C`) or a raw backslash: separators to Windows backends,
 *   to nginx on Windows and to anything that decodes before splitting (Envoy's REJECT_REQUEST);
 * - `;` and `%3B`: Tomcat, Jetty and Spring cut `;…` path parameters off each segment before they
 *   resolve dot segments, so `/open/..;/admin` is `/admin` there and `/admin;x/users` is
 *   `/admin/users`, which a template such as `/admin/*` would not see. Matching without them and
 *   forwarding them would make match and forward two strings, so a path with parameters is refused;
 * - malformed escapes (`%zz`, `%2`), NUL and other control characters, encoded or raw, and escapes
 *   that do not decode to UTF-8 (`%c0%ae`, an overlong `.`, which lenient decoders turn into a dot);
 * - a `..` that climbs above the root (never clamped silently), and a target that is not a path
 *   (absolute-form `http://…`, `*`).
 * Decoding happens once: `%252e` stays `%252e`, which a backend decodes to the literal text `%2e`.
 */

export type PathRefusal = { ok: false; reason: string };

/** The canonical path (a string), or why the target is refused. A path already canonical is returned as it is. */
export function canonicalPath(raw: string): string | PathRefusal {
  return isCanonical(raw) ? raw : canonicalize(raw);
}

const SLASH = 0x2f;
const DOT = 0x2e;
const PERCENT = 0x25;

/** Characters a canonical path holds raw besides `/`: unreserved, and the sub-delims and `:` `@` of RFC 3986 `pchar`, but `;`. */
const PLAIN = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=:@") PLAIN[c.charCodeAt(0)] = 1;
const UNRESERVED = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") UNRESERVED[c.charCodeAt(0)] = 1;
const HEX = "0123456789ABCDEF";

/** One scan, no allocation: the usual path (plain characters, no empty or dot segment) needs nothing done. */
function isCanonical(path: string): boolean {
  const length = path.length;
  if (length === 0 || path.charCodeAt(0) !== SLASH) return false;
  let start = 1;
  for (let i = 1; i < length; i++) {
    const c = path.charCodeAt(i);
    if (c === SLASH) {
      if (i === start || isDotSegment(path, start, i)) return false;
      start = i + 1;
    } else if (c > 127 || PLAIN[c] === 0) {
      return false;
    }
  }
  return !isDotSegment(path, start, length);
}

function isDotSegment(path: string, start: number, end: number): boolean {
  const length = end - start;
  return (length === 1 || length === 2) && path.charCodeAt(start) === DOT && (length === 1 || path.charCodeAt(start + 1) === DOT);
}

function refuse(reason: string): PathRefusal {
  return { ok: false, reason };
}

function canonicalize(raw: string): string | PathRefusal {
  if (raw.charCodeAt(0) !== SLASH) return refuse("The request target must be a path that starts with /.");
  const segments: string[] = [];
  let segment = "";
  let highEscapes = false;
  // The first character is the leading slash; a slash at the end marks the end of the last segment.
  for (let i = 1; i <= raw.length; i++) {
    const c = i === raw.length ? SLASH : raw.charCodeAt(i);
    if (c === SLASH) {
      // An empty segment is a repeated slash (merged); a trailing slash is kept as an empty last segment.
      if (segment === "..") {
        if (segments.length === 0) return refuse("The path climbs above the root with '..'.");
        segments.pop();
        if (i === raw.length) segments.push("");
      } else if (segment === ".") {
        if (i === raw.length && segments.length) segments.push("");
      } else if (segment !== "" || (i === raw.length && i > 1 && segments.length)) {
        segments.push(segment);
      }
      segment = "";
      continue;
    }
    if (c === PERCENT) {
      const byte = hexByte(raw, i + 1);
      if (byte < 0) return refuse("The path holds a malformed percent-encoding; use % followed by two hex digits.");
      i += 2;
      if (byte < 128 && UNRESERVED[byte] === 1) {
        segment += String.fromCharCode(byte);
        continue;
      }
      const refused = refusedCharacter(byte, true);
      if (refused) return refuse(refused);
      if (byte > 127) highEscapes = true;
      segment += "%" + HEX[byte >> 4] + HEX[byte & 15];
      continue;
    }
    if (c > 127) return refuse("The path holds a character outside ASCII; percent-encode it as UTF-8.");
    if (PLAIN[c] === 1) {
      segment += raw[i];
      continue;
    }
    const refused = refusedCharacter(c, false);
    if (refused) return refuse(refused);
    // `"`, `<`, `>`, `#`, `?`, `{`, `}`, `|`, `^`, backquote, space: fine as data, encoded as a browser would.
    segment += "%" + HEX[c >> 4] + HEX[c & 15];
  }
  const path = "/" + segments.join("/");
  if (highEscapes && !decodesAsUtf8(path)) {
    return refuse("The path holds percent-encoded bytes that are not UTF-8 (such as an overlong encoding).");
  }
  return path;
}

/** Why a character (raw or escaped) is refused, or null when it is plain data. */
function refusedCharacter(c: number, escaped: boolean): string | null {
  if (c === SLASH || c === 0x5c) {
    return escaped
      ? "The path holds an encoded slash or backslash (%2F, %5C); send / as a separator or leave it out."
      : "The path holds a backslash; use / as the separator.";
  }
  if (c === 0x3b) return "The path holds a ';' path parameter, which the gateway does not accept.";
  if (c < 0x20 || c === 0x7f) return "The path holds a NUL or other control character.";
  return null;
}

/** The byte two hex digits at `at` spell, or -1. */
function hexByte(raw: string, at: number): number {
  if (at + 1 >= raw.length) return -1;
  const high = hexDigit(raw.charCodeAt(at));
  const low = hexDigit(raw.charCodeAt(at + 1));
  return high < 0 || low < 0 ? -1 : (high << 4) | low;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** decodeURIComponent refuses exactly the byte sequences that are not UTF-8: overlong forms, surrogates, stray continuations. */
function decodesAsUtf8(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
