import type { OpenApiDocument } from "@/lib/apis/openapi/parse-definition";
import { readAuthType, X_AUTH_TYPE } from "@/lib/apis/openapi/vendor-extensions";

type Json = Record<string, unknown>;

/** The name of the security scheme the console pre-fills with the chosen application's token. */
export const CONSOLE_SECURITY_SCHEME = "default";

const OPERATIONS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

/**
 * A copy of the definition pointed at the gateway: one server (the gateway URL of this version),
 * and Bearer auth on every operation whose resource needs credentials (auth type None needs none).
 * Swagger 2.0 documents get host, basePath and schemes instead of servers.
 */
export function consoleDocument(source: OpenApiDocument, url: string): OpenApiDocument {
  const document = structuredClone(source) as Json;
  const target = new URL(url);
  if (typeof document.swagger === "string") {
    document.host = target.host;
    document.basePath = target.pathname;
    document.schemes = [target.protocol.replace(":", "")];
    document.securityDefinitions = { [CONSOLE_SECURITY_SCHEME]: { type: "apiKey", in: "header", name: "Authorization" } };
  } else {
    document.servers = [{ url, description: "Gateway" }];
    const components = (document.components ?? {}) as Json;
    components.securitySchemes = { [CONSOLE_SECURITY_SCHEME]: { type: "http", scheme: "bearer", bearerFormat: "JWT" } };
    document.components = components;
  }
  document.security = [{ [CONSOLE_SECURITY_SCHEME]: [] }];
  for (const item of Object.values((document.paths ?? {}) as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      if (!OPERATIONS.has(method) || !operation || typeof operation !== "object") continue;
      const op = operation as Json;
      op.security = readAuthType(op[X_AUTH_TYPE]) === "None" ? [] : [{ [CONSOLE_SECURITY_SCHEME]: [] }];
    }
  }
  return document;
}
