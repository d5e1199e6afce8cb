// Preloaded (`node --import ./server/server-only-node.mjs --import tsx …`) where lib modules run in
// plain Node through tsx: development (`npm run dev`) and the benchmarks. Server code resolves the
// `server-only` marker to its empty module, as Next's server bundles and the esbuild bundles of
// server/ (run-entry.mjs) do; its default export throws, which is only meant for client bundles.
// tsx compiles the TypeScript of this package to CommonJS, so the hook is on require's resolution.
import Module, { createRequire } from "node:module";
import path from "node:path";

const empty = path.join(path.dirname(createRequire(import.meta.url).resolve("server-only")), "empty.js");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "server-only" ? empty : resolveFilename.call(this, request, ...rest);
};
