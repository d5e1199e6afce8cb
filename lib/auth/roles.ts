import { ROLES, type Role } from "@/db/schema/users";

export { ROLES, type Role };

/** What each role may do. Checked on the server by every service; the UI only mirrors it. */
export const PERMISSIONS = {
  "api:view": ["admin", "publisher", "creator"],
  "api:create": ["admin", "publisher", "creator"],
  "api:publish": ["admin", "publisher"],
  "api:subscriptions:view": ["admin", "publisher"],
  "devportal:subscribe": ["admin", "publisher", "creator", "subscriber"],
  "admin:manage": ["admin"],
  "analytics:all": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function rolesAllow(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

/** Management scopes of the REST API and the roles that may hold them (SPEC "Key manager"). */
export const MANAGEMENT_SCOPES = {
  "apim:api_view": "api:view",
  "apim:api_create": "api:create",
  "apim:api_publish": "api:publish",
  "apim:subscribe": "devportal:subscribe",
  "apim:admin": "admin:manage",
} as const satisfies Record<string, Permission>;

export type ManagementScope = keyof typeof MANAGEMENT_SCOPES;

export function managementScopesFor(roles: readonly Role[]): ManagementScope[] {
  return (Object.keys(MANAGEMENT_SCOPES) as ManagementScope[]).filter((scope) =>
    rolesAllow(roles, MANAGEMENT_SCOPES[scope]),
  );
}

/**
 * The management scope a credential must carry to use a permission. A portal session carries every
 * scope its roles allow; a Bearer token only its own, so a narrow token cannot act with the full
 * weight of its user's roles.
 */
export const PERMISSION_SCOPES = {
  "api:view": "apim:api_view",
  "api:create": "apim:api_create",
  "api:publish": "apim:api_publish",
  "api:subscriptions:view": "apim:api_view",
  "devportal:subscribe": "apim:subscribe",
  "admin:manage": "apim:admin",
  "analytics:all": "apim:admin",
} as const satisfies Record<Permission, ManagementScope>;

/**
 * The management scopes a credential holds: what the roles allow, narrowed to `credentialScopes`
 * when the credential is a token (undefined: a session, which holds all that the roles allow).
 */
export function effectiveManagementScopes(roles: readonly Role[], credentialScopes?: readonly string[]): ManagementScope[] {
  const held = managementScopesFor(roles);
  if (credentialScopes === undefined) return held;
  return held.filter((scope) => credentialScopes.includes(scope));
}

/** The portals a user's roles open, in the order the shell shows them. */
export function portalsFor(roles: readonly Role[]) {
  return {
    publisher: rolesAllow(roles, "api:view"),
    devportal: true,
    admin: rolesAllow(roles, "admin:manage"),
  };
}
