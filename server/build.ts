import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { logStartup } from "@/lib/log";

const SOURCES = ["app", "components", "lib", "db", "public", "middleware.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

/** Builds the portals when there is no production build or the sources are newer than it. */
export function ensureProductionBuild(root: string): void {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map((entry) => newestMtime(path.join(root, entry))));
  if (builtAt >= newest) return;
  logStartup("portcullis", {}, builtAt ? "Sources changed since the last build; rebuilding…" : "First start: building the portals (a minute or two)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed; see the output above.");
}

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === "node_modules" || child.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}
