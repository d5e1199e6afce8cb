import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apis, type ApiState } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { createApplication } from "@/lib/devportal/application-writes";
import type { Actor } from "@/lib/services/context";
import { createApi } from "@/test/harness/gateway-fixtures";
import { ctxFor, uniqueSuffix } from "@/test/harness/factories";
import type { Handler } from "./rest-fixtures";

type CatalogueApi = {
  state?: ApiState;
  name?: string;
  tags?: string[];
  visibility?: "PUBLIC" | "RESTRICTED";
  visibleRoles?: Role[];
  createdBy?: string;
  context?: string;
  version?: string;
};

/** An API with the catalogue's fields set (the gateway fixture writes the rest). */
export async function createCatalogueApi(db: Database, fixture: CatalogueApi = {}) {
  const api = await createApi(db, {
    state: fixture.state ?? "PUBLISHED",
    name: fixture.name,
    context: fixture.context,
    version: fixture.version,
    production: "http://127.0.0.1:9/backend",
  });
  const [row] = await db
    .update(apis)
    .set({
      tags: fixture.tags ?? [],
      visibility: fixture.visibility ?? "PUBLIC",
      visibleRoles: fixture.visibleRoles ?? [],
      createdBy: fixture.createdBy ?? null,
    })
    .where(eq(apis.id, api.id))
    .returning();
  return row;
}

/** An application of the owner's, through the service. */
export function createOwnApplication(db: Database, owner: Actor, name = `App ${uniqueSuffix()}`) {
  return createApplication({ ctx: ctxFor(db, owner), input: { name } });
}

/** A management Bearer token carrying apim:subscribe for `user`, as a REST client would hold. */
export async function subscribeToken(db: Database, user: Actor): Promise<string> {
  const ctx = ctxFor(db, user);
  const app = await createOwnApplication(db, user, `Tooling ${uniqueSuffix()}`);
  await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
  const token = await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", scopes: ["apim:subscribe"] } });
  return token.accessToken;
}

/** No route parameters. */
export const NO_PARAMS = {} as Record<string, never>;

/** A developer portal REST route called as Next calls it: with the Bearer token and the JSON body when given. */
export function callDevportal<P>(handler: Handler<P>, params: P, init: { method?: string; token?: string; body?: unknown; search?: string } = {}) {
  const headers = new Headers();
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const url = `http://localhost:3000/api/v1/devportal/x${init.search ?? ""}`;
  const request = new Request(url, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return handler(request, { params: Promise.resolve(params) });
}
