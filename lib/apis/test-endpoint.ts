import "server-only";
import { z } from "zod";
import { config } from "@/lib/config";
import { ValidationError } from "@/lib/errors";
import { discardBody } from "@/lib/http/read-body";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { findOwnApi } from "./access";
import { loadApiDetail } from "./api-detail";
import { describeFetchFailure, outboundFetch } from "./safe-fetch";
import { EndpointUrl } from "./schemas";

const TestEndpointInput = z.object({
  /** A URL to try; without one, the API's configured endpoint of `keyType` is tried. */
  url: EndpointUrl.optional(),
  keyType: z.enum(["PRODUCTION", "SANDBOX"]).default("PRODUCTION"),
  timeoutMs: z.coerce.number().int().min(500).max(30_000).default(10_000),
});

export type EndpointTestResult = {
  url: string;
  reachable: boolean;
  /** The HTTP status the backend answered with (any status means it is reachable). */
  status: number | null;
  latencyMs: number;
  message: string;
};

/**
 * The "Test" button: calls the backend from the server and reports whether it answered, with what
 * status and how fast. Private addresses are refused unless allowed (see outboundFetch).
 */
export async function testEndpoint({ ctx, apiId, input }: { ctx: Ctx; apiId?: string; input: unknown }): Promise<EndpointTestResult> {
  const actor = authorize(ctx, "api:create");
  const data = parseInput(TestEndpointInput, input);
  let url = data.url;
  if (!url) {
    if (!apiId) throw new ValidationError("url: required", { url: ["Enter the endpoint URL to test."] });
    const api = await loadApiDetail(ctx.db, await findOwnApi(ctx.db, actor, apiId));
    url = (data.keyType === "PRODUCTION" ? api.endpoints.production : api.endpoints.sandbox)?.url;
    if (!url) throw new ValidationError("url: no endpoint", { url: [`The API has no ${data.keyType.toLowerCase()} endpoint. Enter a URL to test.`] });
  } else if (apiId) {
    await findOwnApi(ctx.db, actor, apiId);
  }
  const started = performance.now();
  try {
    const response = await outboundFetch(url, { field: "url", allowPrivate: config().allowPrivateEndpoints, timeoutMs: data.timeoutMs });
    const latencyMs = Math.round(performance.now() - started);
    await discardBody(response.body);
    return { url, reachable: true, status: response.status, latencyMs, message: `${response.status} ${response.statusText}`.trim() };
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    return { url, reachable: false, status: null, latencyMs: Math.round(performance.now() - started), message: describeFetchFailure(error) };
  }
}
