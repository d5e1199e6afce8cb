import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { applications, revokedTokens, subscriptions, users } from "@/db/schema";
import { readChangeVersion } from "@/lib/events/change-version";
import { describeEachDatabase } from "@/test/harness/databases";
import { createUser } from "@/test/harness/factories";
import { createApi, createApplication } from "@/test/harness/gateway-fixtures";

/** The change version (db/schema/changes.ts) moves with the writes the gateway snapshot reads, once per transaction, at its commit. */
describeEachDatabase("change version", (db) => {
  it("moves once per committed transaction that writes what a gateway reads, and not for a rolled-back one", async () => {
    const owner = await createUser(db());
    const api = await createApi(db());
    const start = await readChangeVersion(db());
    await db().transaction(async (tx) => {
      const [app] = await tx.insert(applications).values({ ownerId: owner.id, name: "Versioned", throttlingTier: "Unlimited" }).returning();
      await tx.insert(subscriptions).values({ applicationId: app.id, apiId: api.id, throttlingTier: "Unlimited" });
      // Not visible to others until the commit, so neither is the bump.
      expect(await readChangeVersion(tx)).toBe(start);
    });
    expect(await readChangeVersion(db())).toBe(start + 1);

    await db()
      .transaction(async (tx) => {
        await tx.insert(applications).values({ ownerId: owner.id, name: "Rolled back", throttlingTier: "Unlimited" });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await readChangeVersion(db())).toBe(start + 1);
  });

  it("does not move for writes no gateway reads: a sign-in, a purge of expired revocations", async () => {
    const owner = await createUser(db());
    await createApplication(db(), owner.id);
    await db().insert(revokedTokens).values({ jti: `expired-${owner.id}`, expiresAt: new Date(Date.now() - 1000) });
    const start = await readChangeVersion(db());
    await db().update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, owner.id));
    await db().delete(revokedTokens).where(eq(revokedTokens.jti, `expired-${owner.id}`));
    expect(await readChangeVersion(db())).toBe(start);
    await db().update(users).set({ disabled: true }).where(eq(users.id, owner.id));
    expect(await readChangeVersion(db())).toBe(start + 1);
  });
});
