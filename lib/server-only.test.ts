import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Modules that reach the database or hold secrets start with `import "server-only";`, so a client
 * component importing one (directly or through another module) fails the Next build instead of
 * shipping server code to the browser. lib/gateway is exempt: it runs on the Edge and on a worker
 * thread, and reaches the database only through what its hosts hand it.
 */
const root = path.resolve(__dirname, "..");
const MARKER = /^(?:"use server";\s*)?import "server-only";$/m;
/** Every import of the database side: the client (`@/db`, `@/db/client`) or the schema (`@/db/schema…`). */
const DB_IMPORT = /^import\s+(type\s+)?([^;]*?)\s+from\s+"(@\/db(?:\/[\w/-]+)?)";/gms;

/**
 * Whether `source` imports the database: the client in any form, or anything of the schema besides
 * its enum constants (ALL_CAPS) and types, which modules shared with client components and the Edge
 * gateway (roles, document kinds, key types) may import.
 */
function importsDatabase(source: string): boolean {
  for (const [, typeOnly, bindings, from] of source.matchAll(DB_IMPORT)) {
    if (!from.startsWith("@/db/schema")) return true;
    if (typeOnly) continue;
    const names = bindings.replace(/^\{|\}$/g, "").split(",").map((name) => name.trim()).filter(Boolean);
    if (!bindings.startsWith("{") || names.some((name) => !/^(type\s+\w+|[A-Z][A-Z0-9_]*)$/.test(name))) return true;
  }
  return /\bimport\s*\(\s*"@\/db/.test(source);
}

/** Secret handling that does not go through the database client (or not only). */
const SECRET_MODULES = [
  "lib/keys/secrets.ts",
  "lib/keys/secret-box.ts",
  "lib/keys/key-pairs.ts",
  "lib/keys/signing-keys.ts",
  "lib/auth/password.ts",
  "lib/auth/next-auth.ts",
  "lib/auth/session.ts",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return relative === "lib/gateway" ? [] : sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

function marked(file: string): boolean {
  const source = readFileSync(path.join(root, file), "utf8");
  // Before any other import, so nothing of the module runs in a client bundle before it throws.
  const firstImport = source.search(/^import\b/m);
  return MARKER.test(source) && source.indexOf('import "server-only";') === firstImport;
}

describe("server-only", () => {
  it("marks every lib module (outside lib/gateway) that imports the database client or a table", () => {
    const files = sourceFiles("lib").filter((file) => importsDatabase(readFileSync(path.join(root, file), "utf8")));
    // The scan must see something, or it proves nothing.
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((file) => !marked(file))).toEqual([]);
  });

  it("marks the database client and the secret-handling modules", () => {
    expect(["db/client.ts", "db/index.ts", ...SECRET_MODULES].filter((file) => !marked(file))).toEqual([]);
  });

  it("tells a table import from an enum or type import", () => {
    expect(importsDatabase('import { apiKeys } from "@/db/schema";')).toBe(true);
    expect(importsDatabase('import type { Database } from "@/db/client";')).toBe(true);
    expect(importsDatabase('import { getDb } from "@/db";')).toBe(true);
    expect(importsDatabase('import { throttlingPolicies, type PolicyLevel } from "@/db/schema";')).toBe(true);
    expect(importsDatabase('import * as schema from "@/db/schema";')).toBe(true);
    expect(importsDatabase('const { getDb } = await import("@/db");')).toBe(true);
    expect(importsDatabase('import { ROLES, type Role } from "@/db/schema/users";')).toBe(false);
    expect(importsDatabase('import type { ALERT_KINDS } from "@/db/schema";')).toBe(false);
  });

  it("leaves lib/gateway unmarked: it runs on the Edge and on a worker thread", () => {
    const gateway = readdirRecursive("lib/gateway");
    expect(gateway.filter((file) => readFileSync(path.join(root, file), "utf8").includes('"server-only"'))).toEqual([]);
  });
});

function readdirRecursive(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    return entry.isDirectory() ? readdirRecursive(relative) : /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}
