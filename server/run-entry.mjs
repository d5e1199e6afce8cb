// Runs a process entry of server/ (`start` or `gateway`) as one bundled CommonJS file, instead of
// through tsx: the tsx loader costs a process ~35 MB of memory and most of a second at start, which
// a gateway should not pay. esbuild rebuilds the bundle (in a quarter of a second) only when one of
// the files it was built from has changed since; packages stay in node_modules.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [name, ...args] = process.argv.slice(2);
if (name !== "start" && name !== "gateway") {
  process.stderr.write("usage: node server/run-entry.mjs start|gateway [options]\n");
  process.exit(2);
}
const bundle = path.join(root, ".build", `${name}.cjs`);
const inputsFile = `${bundle}.inputs.json`;
// `start` runs its gateway on a worker thread, whose entry is bundled beside it.
const entries = name === "start" ? ["start", "gateway-worker"] : [name];

if (stale()) {
  const { build } = await import("esbuild");
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(entries.map((entry) => [entry, `server/${entry}.ts`])),
    outdir: path.dirname(bundle),
    outExtension: { ".js": ".cjs" },
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    // This is server code: the `server-only` marker of lib modules is its empty module here, as in
    // Next's server bundles (its default export throws, for client bundles). Bundled, not required
    // from node_modules, where plain Node would pick the throwing one.
    alias: { "server-only": "./node_modules/server-only/empty.js" },
    tsconfig: "tsconfig.json",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  // Written aside and renamed, so a process starting at the same moment never loads half a file;
  // the inputs list last, so a bundle is never taken for fresh while another is half renamed.
  mkdirSync(path.dirname(bundle), { recursive: true });
  writeFileSync(`${inputsFile}.${process.pid}`, JSON.stringify(Object.keys(result.metafile.inputs)));
  for (const output of result.outputFiles) {
    writeFileSync(`${output.path}.${process.pid}`, output.contents);
    renameSync(`${output.path}.${process.pid}`, output.path);
  }
  renameSync(`${inputsFile}.${process.pid}`, inputsFile);
}

process.argv = [process.argv[0], bundle, ...args];
createRequire(import.meta.url)(bundle);

/** Whether the bundle is missing or older than any file it was built from (or than how it resolves them). */
function stale() {
  if (entries.some((entry) => !existsSync(path.join(root, ".build", `${entry}.cjs`))) || !existsSync(inputsFile)) return true;
  const builtAt = statSync(bundle).mtimeMs;
  const inputs = [...JSON.parse(readFileSync(inputsFile, "utf8")), "tsconfig.json", "package-lock.json", "server/run-entry.mjs"];
  return inputs.some((input) => {
    const file = path.join(root, input);
    return !existsSync(file) || statSync(file).mtimeMs > builtAt;
  });
}
