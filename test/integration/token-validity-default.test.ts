import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { applications } from "@/db/schema";
import { createApplication } from "@/lib/devportal/application-writes";
import { updatePlatformSettings } from "@/lib/users/platform-settings";
import { signUp } from "@/lib/users/sign-up";
import { describeEachDatabase } from "@/test/harness/databases";
import { createUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";

describeEachDatabase("the platform's default token validity", (db) => {
  it("applies to applications created afterwards, unless they set their own", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    await updatePlatformSettings({ ctx: ctxFor(db(), admin), input: { defaultTokenValiditySeconds: 600 } });

    const user = await signUp({ ctx: ctxFor(db(), null), input: { email: `v-${uniqueSuffix()}@example.test`, name: "V", password: "validity-1" } });
    const [defaultApp] = await db().select().from(applications).where(eq(applications.ownerId, user.id));
    expect(defaultApp.tokenValiditySeconds).toBe(600);

    const actor = { ...user, roles: ["subscriber" as const], organizationId: admin.organizationId };
    const inherited = await createApplication({ ctx: ctxFor(db(), actor), input: { name: "Inherits" } });
    const own = await createApplication({ ctx: ctxFor(db(), actor), input: { name: "Own", tokenValiditySeconds: 120 } });
    const rows = await db().select().from(applications).where(eq(applications.ownerId, user.id));
    expect(rows.find((r) => r.id === inherited.id)?.tokenValiditySeconds).toBe(600);
    expect(rows.find((r) => r.id === own.id)?.tokenValiditySeconds).toBe(120);
  });
});
