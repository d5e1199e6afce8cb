import { and, eq, getTableColumns } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apis } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { omit } from "./omit";
import type { Actor } from "@/lib/services/context";

/** Every column but the thumbnail's bytes, which only the thumbnail route reads. */
export const apiColumns = omit(getTableColumns(apis), "thumbnail");
export type ApiRow = Omit<typeof apis.$inferSelect, "thumbnail">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/**
 * The API with this id in the actor's organization. Another organization's API, a malformed id and a
 * missing API all look the same: a 404, so ids of other tenants cannot be probed.
 * With `lock`, the row is locked for the rest of the transaction (lifecycle and version changes).
 */
export async function findOwnApi(db: Queryable, actor: Actor, apiId: unknown, options: { lock?: boolean } = {}): Promise<ApiRow> {
  if (!isUuid(apiId)) throw new NotFoundError("API");
  const query = db
    .select(apiColumns)
    .from(apis)
    .where(and(eq(apis.id, apiId), eq(apis.organizationId, actor.organizationId)));
  const [row] = options.lock ? await query.for("update") : await query;
  if (!row) throw new NotFoundError("API");
  return row;
}
