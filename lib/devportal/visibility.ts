import "server-only";
import { and, arrayOverlaps, eq, exists, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { apis, applications, subscriptions } from "@/db/schema";
import { apiColumns, isUuid, type ApiRow } from "@/lib/apis/access";
import { NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";

/** States listed to everyone who may see the API (SPEC "Lifecycle"). */
export const LISTED_STATES = ["PUBLISHED", "PROTOTYPED"] as const;

/** The actor's applications hold a subscription to the API in the outer query. */
export function subscribedByActor(actor: Actor): SQL {
  return exists(
    sql`(select 1 from ${subscriptions} join ${applications} on ${applications.id} = ${subscriptions.applicationId}
      where ${subscriptions.apiId} = ${apis.id} and ${applications.ownerId} = ${actor.id})`,
  );
}

/**
 * PUBLIC APIs to everyone; RESTRICTED ones only inside the API's own organization, to the roles named
 * there (its admins see all of them). Whatever is not PUBLIC is treated as restricted, so a visibility
 * added later is closed by default rather than open to every organization.
 */
export function audienceFilter(actor: Actor | null): SQL {
  const audience: SQL[] = [eq(apis.visibility, "PUBLIC")];
  if (actor) {
    const sameOrganization = eq(apis.organizationId, actor.organizationId);
    audience.push(
      actor.roles.includes("admin") ? sameOrganization : and(sameOrganization, arrayOverlaps(apis.visibleRoles, actor.roles))!,
    );
  }
  return or(...audience)!;
}

/**
 * What the developer portal shows this caller: PUBLISHED and PROTOTYPED APIs, DEPRECATED ones only to
 * users whose applications are subscribed to them, within the caller's audience.
 */
export function visibleApiFilter(actor: Actor | null): SQL {
  const states: SQL[] = [inArray(apis.state, [...LISTED_STATES])];
  if (actor) states.push(and(eq(apis.state, "DEPRECATED"), subscribedByActor(actor))!);
  return and(or(...states), audienceFilter(actor))!;
}

/** The API if the caller may see it in the developer portal; otherwise a 404, whatever the reason. */
export async function findVisibleApi(db: Queryable, actor: Actor | null, apiId: unknown): Promise<ApiRow> {
  if (!isUuid(apiId)) throw new NotFoundError("API");
  const [row] = await db
    .select(apiColumns)
    .from(apis)
    .where(and(eq(apis.id, apiId), visibleApiFilter(actor)));
  if (!row) throw new NotFoundError("API");
  return row;
}
