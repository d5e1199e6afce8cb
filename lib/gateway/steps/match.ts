import { gatewayError } from "../errors";
import type { Step } from "../context";

/**
 * Finds the API by context (longest first) and version, or the context's default version when the
 * next segment is not a version; then the most specific resource for the method and path.
 */
export const match: Step = (ctx, deps) => {
  let path = ctx.request.pathname;
  if (deps.basePath && path.startsWith(deps.basePath)) path = path.slice(deps.basePath.length) || "/";
  const segments = path.split("/");
  // segments[0] is "" (leading slash); try the longest context first.
  for (let end = segments.length; end > 1; end--) {
    const context = segments.slice(0, end).join("/");
    const entry = ctx.snapshot.contexts.get(context);
    if (!entry) continue;
    const next = segments[end];
    const versioned = next !== undefined ? entry.versions.get(safeDecode(next)) : undefined;
    const api = versioned ?? entry.defaultVersion;
    if (!api) break;
    const consumed = versioned ? end + 1 : end;
    ctx.api = api;
    ctx.resourcePath = "/" + segments.slice(consumed).join("/");
    break;
  }
  if (!ctx.api) return gatewayError("apiNotFound", `No API is deployed at ${path}.`);
  if (ctx.api.state === "BLOCKED") {
    return gatewayError("apiBlocked", `${ctx.api.name} ${ctx.api.version} is blocked by its publisher.`);
  }
};

export const matchResource: Step = (ctx) => {
  const api = ctx.api!;
  const method = ctx.request.method.toUpperCase();
  const path = ctx.resourcePath ?? "/";
  ctx.resource = api.resources.find((r) => r.method === method && r.template.regex.test(path));
  if (!ctx.resource) {
    return gatewayError("resourceNotFound", `No matching resource found in ${api.name} ${api.version} for ${method} ${path}.`);
  }
};

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
