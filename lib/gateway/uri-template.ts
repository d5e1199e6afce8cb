/** A resource's URI template compiled for matching: `/order/{orderId}`, `/menu`, `/*`, `/files/*`. */
export type CompiledTemplate = {
  regex: RegExp;
  /** Sort key: more literal segments first, then fewer parameters, then no wildcard. */
  specificity: [number, number, number];
};

export function compileTemplate(template: string): CompiledTemplate {
  const normalized = template === "" ? "/" : template.startsWith("/") ? template : `/${template}`;
  const wildcard = normalized.endsWith("/*");
  const base = wildcard ? normalized.slice(0, -2) : normalized;
  let literals = 0;
  let params = 0;
  const pattern = base
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      if (/^\{[^}]+\}$/.test(segment)) {
        params += 1;
        return "/[^/]+";
      }
      literals += 1;
      return "/" + canonicalEscapes(segment).replace(/\{[^}]+\}/g, "\u0000").replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\u0000/g, "[^/]+");
    })
    .join("");
  // Tested against the canonical path only (canonical-path.ts): no dot segment, no `//` and no encoded
  // separator is left in it, so neither `/*` nor a `{param}` can reach past the segments it names.
  const regex = new RegExp(`^${pattern}${wildcard ? "(?:/.*)?" : "/?"}$`);
  return { regex, specificity: [literals, -params, wildcard ? 0 : 1] };
}

export function compareSpecificity(a: CompiledTemplate, b: CompiledTemplate): number {
  for (let i = 0; i < 3; i++) if (a.specificity[i] !== b.specificity[i]) return b.specificity[i] - a.specificity[i];
  return 0;
}

/** A literal's escapes as the canonical path spells them: unreserved characters decoded, other hex upper-cased. */
function canonicalEscapes(segment: string): string {
  return segment.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9._~-]/.test(char) ? char : escape.toUpperCase();
  });
}
