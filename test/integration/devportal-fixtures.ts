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
