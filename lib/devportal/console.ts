import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { applications, oauthClients, subscriptions } from "@/db/schema";
import type { KeyType } from "@/db/schema/apis";
import { issueApplicationToken, type ApplicationToken } from "@/lib/keys/application-token";
import { ownedApplication } from "@/lib/keys/owned-application";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { authorize, parseInput, type Ctx } from "@/lib/services/context";
import { z } from "zod";
import { ApiIdInput } from "./schemas";
import { findVisibleApi } from "./visibility";

export type ConsoleApplication = { id: string; name: string; keyTypes: KeyType[] };

/** The caller's applications subscribed to this API, with the key types they hold keys for. */
export async function consoleApplications({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ConsoleApplication[]> {
  const actor = authorize(ctx, "devportal:subscribe");
  const { apiId } = parseInput(ApiIdInput, input);
  const api = await findVisibleApi(ctx.db, actor, apiId);
  const rows = await ctx.db
    .select({ id: applications.id, name: applications.name, keyType: oauthClients.keyType })
    .from(subscriptions)
    .innerJoin(applications, eq(applications.id, subscriptions.applicationId))
    .leftJoin(oauthClients, and(eq(oauthClients.applicationId, applications.id), isNull(oauthClients.revokedAt)))
    .where(and(eq(subscriptions.apiId, api.id), eq(applications.ownerId, actor.id), eq(subscriptions.status, "ACTIVE")));
  const byId = new Map<string, ConsoleApplication>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { id: row.id, name: row.name, keyTypes: [] };
    if (row.keyType) entry.keyTypes.push(row.keyType);
    byId.set(row.id, entry);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Console tokens are short-lived: long enough to try an API, short enough not to matter if left in a tab. */
export const CONSOLE_TOKEN_SECONDS = 900;

const ConsoleTokenInput = z.object({
  apiId: z.uuid("Not a valid API id."),
  applicationId: z.uuid("Not a valid application id."),
  keyType: z.enum(["PRODUCTION", "SANDBOX"]),
});

/** A fresh short-lived token for trying the API, from one of the caller's subscribed applications. */
export async function issueConsoleToken({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<ApplicationToken> {
  const actor = authorize(ctx, "devportal:subscribe");
  const data = parseInput(ConsoleTokenInput, input);
  await ownedApplication(ctx.db, actor, data.applicationId);
  const subscribed = (await consoleApplications({ ctx, input: { apiId: data.apiId } })).find((app) => app.id === data.applicationId);
  if (!subscribed) throw new NotFoundError("subscription");
  if (!subscribed.keyTypes.includes(data.keyType)) {
    throw new ConflictError(`${subscribed.name} has no ${data.keyType.toLowerCase()} keys yet. Generate them on the application's keys page first.`);
  }
  return issueApplicationToken({
    ctx,
    input: { applicationId: data.applicationId, keyType: data.keyType, validityPeriod: CONSOLE_TOKEN_SECONDS },
  });
}
