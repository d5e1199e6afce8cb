import { ValidationError } from "@/lib/errors";

/**
 * Characters no text input may hold: C0 controls but tab, newline and carriage return (Postgres
 * refuses U+0000 in text and jsonb, which would end as a 500), and lone UTF-16 surrogates (jsonb
 * refuses their escapes). With the `u` flag a surrogate range matches only unpaired halves.
 */
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDFFF]/u;

export function hasUnsafeChars(value: string): boolean {
  return UNSAFE.test(value);
}

/** The dot-joined path of the first string (or object key) in `value` that holds an unsafe character; null when none does. */
export function findUnsafeText(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return hasUnsafeChars(value) ? path.join(".") || "_" : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, inner] of Object.entries(value)) {
      if (hasUnsafeChars(key)) return [...path, "_key"].join(".");
      const found = findUnsafeText(inner, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Refuses (422, naming the field) any input whose strings hold control characters or lone surrogates. */
export function assertSafeText(value: unknown): void {
  const field = findUnsafeText(value);
  if (field === null) return;
  const message = "Remove the control character (only tab and line breaks are allowed).";
  throw new ValidationError(`${field === "_" ? "" : `${field}: `}${message}`, { [field]: [message] });
}
