import "server-only";
import { and, eq, getTableColumns } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apis } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { omit } from "./omit";
import type { Actor } from "@/lib/services/context";
import { isId } from "@/lib/http/id";

/** Every column but the thumbnail's bytes, which only the thumbnail route reads. */
export const apiColumns = omit(getTableColumns(apis), "thumbnail");
export type ApiRow = Omit<typeof apis.$inferSelect, "thumbnail">;

/** The one id check (lib/http/id.ts), under the name the services here know it by. */
export const isUuid = isId;

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
