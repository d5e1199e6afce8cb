import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The Edge runtime loads nothing from node:*, pg, PGlite or ioredis (DESIGN "Facts checked"). `next
 * build` reports such an import only when it builds; this walks middleware.ts's own import graph
 * (value imports; `import type` is erased) so a test run catches it first.
 */
const ROOT = path.resolve(__dirname, "../../..");
const FORBIDDEN_PACKAGES = ["pg", "ioredis", "@electric-sql/pglite", "@neondatabase/serverless", "undici", "ws", "next-auth", "drizzle-orm/node-postgres", "drizzle-orm/pglite", "pino", "prom-client", "@opentelemetry/sdk-trace-base", "@opentelemetry/exporter-trace-otlp-http"];
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? path.join(ROOT, specifier.slice(2)) : path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (existsSync(candidate) && !candidate.endsWith(path.sep) && /\.tsx?$/.test(candidate)) return candidate;
  }
  return null;
}

function valueImports(source: string): string[] {
  const specifiers: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/g;
  for (const match of source.matchAll(statement)) if (!match[2]) specifiers.push(match[4]);
  for (const match of source.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g)) specifiers.push(match[1]);
  for (const match of source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) specifiers.push(match[1]);
  return specifiers;
}

function edgeGraph(entry: string) {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of valueImports(readFileSync(file, "utf8"))) {
      if (specifier.startsWith(".") || specifier.startsWith("@/")) {
        const resolved = resolveLocal(file, specifier);
        if (!resolved) throw new Error(`cannot resolve ${specifier} from ${file}`);
        visit(resolved);
      } else {
        packages.set(specifier, path.relative(ROOT, file));
      }
    }
  };
  visit(entry);
  return { files, packages };
}

describe("the Edge gateway's imports", () => {
  it("reach no Node built-in, database driver or TCP Redis client from middleware.ts", () => {
    const { files, packages } = edgeGraph(path.join(ROOT, "middleware.ts"));
    expect([...files].map((f) => path.relative(ROOT, f))).toContain(path.join("lib", "gateway", "edge", "index.ts"));
    const offending = [...packages].filter(([name]) => BUILTINS.has(name) || FORBIDDEN_PACKAGES.some((p) => name === p || name.startsWith(`${p}/`)));
    expect(offending.map(([name, file]) => `${name} (imported by ${file})`)).toEqual([]);
  });
});
