import { getDb } from "@/db";
import { config } from "@/lib/config";
import { portalHealth } from "@/lib/observability/health";

export const dynamic = "force-dynamic";

/** The portal's health: 200 with the database's and Redis's status; 503 when the database is down. */
export async function GET(): Promise<Response> {
  const health = await portalHealth(config(), getDb);
  return Response.json(health, { status: health.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
}
