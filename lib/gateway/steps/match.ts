import { canonicalPath } from "../canonical-path";
import { gatewayError } from "../errors";
import { refusedOnSnapshot, type Step } from "../context";

/**
 * Decides the path once (canonical-path.ts; a target it refuses is a 400), then finds the API by
 * context (longest first) and version, or the context's default version when the next segment is
 * not a version; then the most specific resource for the method and path. Everything after this
 * step, forwarding included, reads `ctx.path` and `ctx.resourcePath`, never the path as sent.
 */
export const match: Step = (ctx, deps) => {
  const canonical = canonicalPath(ctx.request.pathname);
  if (typeof canonical !== "string") return gatewayError("badPath", canonical.reason);
  ctx.path = canonical;
  let path = canonical;
  const base = deps.basePath;
  if (base) {
    // Only the base path as a whole segment: `/gwx` is not under `/gw`.
    if (path === base) path = "/";
    else if (path.startsWith(base) && path.charCodeAt(base.length) === 0x2f) path = path.slice(base.length);
    else return gatewayError("apiNotFound", `No API is deployed at ${path}.`);
  }
  // Try the longest context first: the whole path, then up to each slash from the right.
  for (let end = path.length; end > 0; end = path.lastIndexOf("/", end - 1)) {
    const entry = ctx.snapshot.contexts.get(end === path.length ? path : path.slice(0, end));
    if (!entry) continue;
    // The next segment is a version of this context, or the path goes on in its default version.
    // Versions are unreserved characters only, which the canonical path holds decoded.
    const next = end === path.length ? -1 : path.indexOf("/", end + 1);
    const segment = end === path.length ? undefined : path.slice(end + 1, next === -1 ? undefined : next);
    const versioned = segment !== undefined ? entry.versions.get(segment) : undefined;
    const api = versioned ?? entry.defaultVersion;
    if (!api) break;
    const rest = versioned ? (next === -1 ? path.length : next) : end;
    ctx.api = api;
    ctx.resourcePath = rest === path.length ? "/" : path.slice(rest);
    break;
  }
  if (!ctx.api) return refusedOnSnapshot(ctx, gatewayError("apiNotFound", `No API is deployed at ${path}.`));
  if (ctx.api.state === "BLOCKED") {
    return refusedOnSnapshot(ctx, gatewayError("apiBlocked", `${ctx.api.name} ${ctx.api.version} is blocked by its publisher.`));
  }
};

export const matchResource: Step = (ctx) => {
  const api = ctx.api!;
  const method = ctx.request.method.toUpperCase();
  const path = ctx.resourcePath ?? "/";
  ctx.resource = api.resources.find((r) => r.method === method && r.template.regex.test(path));
  if (!ctx.resource) {
    return refusedOnSnapshot(ctx, gatewayError("resourceNotFound", `No matching resource found in ${api.name} ${api.version} for ${method} ${path}.`));
  }
};
