import { AUTH_TYPES, type AuthType } from "@/db/schema/apis";
import { ROLES, type Role } from "@/db/schema/users";
import type { ScopeInput } from "../schemas";

/**
 * WSO2's vendor extensions, which carry our per-resource settings inside the definition:
 * `x-auth-type`, `x-throttling-tier` and `x-scope` on operations; scope definitions under
 * `x-wso2-security.apim.x-wso2-scopes`, with roles as a comma-separated string as WSO2 writes them.
 */
export const X_AUTH_TYPE = "x-auth-type";
export const X_THROTTLING_TIER = "x-throttling-tier";
export const X_SCOPE = "x-scope";
export const X_SECURITY = "x-wso2-security";
export const X_BASE_PATH = "x-wso2-basePath";

/** WSO2 also writes "Any" for "Application & Application User". */
export function readAuthType(value: unknown): AuthType | null {
  if (value === "Any") return "Application & Application User";
  return AUTH_TYPES.find((t) => t === value) ?? null;
}

export function readScopeKeys(value: unknown): string[] {
  if (typeof value === "string") return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
  return [];
}

export function writeScopeKeys(keys: string[]): string | string[] | undefined {
  if (keys.length === 0) return undefined;
  return keys.length === 1 ? keys[0] : keys;
}

function readRoles(value: unknown): Role[] {
  const list = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : [];
  return [...new Set(list.map((r) => String(r).trim()).filter((r): r is Role => (ROLES as readonly string[]).includes(r)))];
}

/** Scope definitions from `x-wso2-security`, or from WSO2 4.x's `securitySchemes.default` + `x-scopes-bindings`. Null when none are declared. */
export function readScopeDefinitions(document: Record<string, unknown>): ScopeInput[] | null {
  const security = document[X_SECURITY] as { apim?: { "x-wso2-scopes"?: unknown } } | undefined;
  const listed = security?.apim?.["x-wso2-scopes"];
  if (Array.isArray(listed)) {
    return listed
      .filter((s): s is Record<string, unknown> => Boolean(s) && typeof s === "object" && typeof s.key === "string")
      .map((s) => ({
        key: String(s.key),
        name: typeof s.name === "string" && s.name.trim() ? s.name : String(s.key),
        description: typeof s.description === "string" ? s.description : "",
        roles: readRoles(s.roles),
      }));
  }
  const components = document.components as { securitySchemes?: Record<string, { flows?: Record<string, Record<string, unknown>> }> } | undefined;
  const flows = components?.securitySchemes?.default?.flows;
  if (!flows) return null;
  const scopes: ScopeInput[] = [];
  for (const flow of Object.values(flows)) {
    const described = (flow.scopes ?? {}) as Record<string, unknown>;
    const bindings = (flow["x-scopes-bindings"] ?? {}) as Record<string, unknown>;
    for (const [key, description] of Object.entries(described)) {
      if (scopes.some((s) => s.key === key)) continue;
      scopes.push({ key, name: key, description: typeof description === "string" ? description : "", roles: readRoles(bindings[key]) });
    }
  }
  return scopes.length > 0 ? scopes : null;
}

export function writeScopeDefinitions(document: Record<string, unknown>, scopes: ScopeInput[]): void {
  if (scopes.length === 0) {
    delete document[X_SECURITY];
    return;
  }
  document[X_SECURITY] = {
    apim: {
      "x-wso2-scopes": scopes.map((s) => ({ name: s.name, description: s.description, key: s.key, roles: s.roles.join(",") })),
    },
  };
}
