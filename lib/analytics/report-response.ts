import "server-only";
import type { Ctx } from "@/lib/services/context";
import { csvResponse } from "./csv";
import { reportInput, runReport } from "./reports";
import type { Audience } from "./scope";

/** A report as a route handler's answer: `?format=csv` for a download, JSON otherwise. */
export async function reportResponse({ ctx, audience, name, request }: { ctx: Ctx; audience: Audience; name: string; request: Request }): Promise<Response> {
  const url = new URL(request.url);
  const format = url.searchParams.get("format") === "csv" ? "csv" : "json";
  const result = await runReport({ ctx, audience, name, input: reportInput(url), format });
  return result.format === "csv" ? csvResponse(result.filename, result.body) : Response.json(result.body, { headers: { "cache-control": "no-store" } });
}
