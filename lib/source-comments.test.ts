import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

/**
 * House rule: comments say why and cite nothing outside the repository (no links to trackers, Q&A
 * sites or documentation; a standard is named in text, "RFC 6749 §3.3"). Example addresses in
 * comments (placeholders such as `https://…` or `http://collector:4318`) are not citations.
 */
const root = path.resolve(__dirname, "..");
const SCANNED = ["app", "components", "lib", "server", "db", "middleware.ts"];
const CITATION = /https?:\/\/(?!…|collector[:/]|[\w.-]*example(?:\.\w+)?[:/])\S+|github\.com|stackoverflow|issue #\d+/i;

function files(entry: string): string[] {
  const full = path.join(root, entry);
  if (!readdirSync(path.dirname(full)).includes(path.basename(full))) return [];
  try {
    return readdirSync(full, { withFileTypes: true }).flatMap((child) =>
      child.name === "node_modules" || child.name === "meta" ? [] : files(path.posix.join(entry, child.name)),
    );
  } catch {
    return /\.(ts|tsx|mjs|cjs|css)$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [entry] : [];
  }
}

/** The comments of a source file: `// …` to the end of the line and `/* … *\/` blocks (strings are left out). */
function comments(source: string): string[] {
  const found: string[] = [];
  const pattern = /"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
  for (const [token] of source.matchAll(pattern)) if (token.startsWith("//") || token.startsWith("/*")) found.push(token);
  return found;
}

it("finds no links to outside the repository in comments", () => {
  const scanned = SCANNED.flatMap(files);
  expect(scanned.length).toBeGreaterThan(100);
  const offending = scanned.flatMap((file) =>
    comments(readFileSync(path.join(root, file), "utf8"))
      .filter((comment) => CITATION.test(comment))
      .map((comment) => `${file}: ${comment.slice(0, 120)}`),
  );
  expect(offending).toEqual([]);
});

it("tells a citation from an example address", () => {
  expect(comments('// see https://github.com/org/repo/issues/1\nconst a = "https://x.test";')).toEqual(["// see https://github.com/org/repo/issues/1"]);
  expect(CITATION.test("// see https://stackoverflow.com/q/1")).toBe(true);
  expect(CITATION.test("/** (issue #8; measured) */")).toBe(true);
  expect(CITATION.test('/** `{ "url": "https://…" }` */')).toBe(false);
  expect(CITATION.test("/** e.g. http://collector:4318 */")).toBe(false);
  expect(CITATION.test("// https://backend.example.com/v1")).toBe(false);
});
