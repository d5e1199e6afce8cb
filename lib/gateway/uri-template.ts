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
      return "/" + segment.replace(/\{[^}]+\}/g, "\u0000").replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\u0000/g, "[^/]+");
    })
    .join("");
  const regex = new RegExp(`^${pattern}${wildcard ? "(?:/.*)?" : "/?"}$`);
  return { regex, specificity: [literals, -params, wildcard ? 0 : 1] };
}

export function compareSpecificity(a: CompiledTemplate, b: CompiledTemplate): number {
  for (let i = 0; i < 3; i++) if (a.specificity[i] !== b.specificity[i]) return b.specificity[i] - a.specificity[i];
  return 0;
}
