import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { applications, auditLog, users } from "@/db/schema";
import { ConflictError, ValidationError } from "@/lib/errors";
import { authenticateUser, loadActor } from "@/lib/users/authenticate";
import { ensureInitialAdmin } from "@/lib/users/initial-admin";
import { signUp } from "@/lib/users/sign-up";
import { describeEachDatabase } from "@/test/harness/databases";
import { createUser, ctxFor, TEST_PASSWORD, uniqueSuffix } from "@/test/harness/factories";

describeEachDatabase("users", (db) => {
  it("signs up a subscriber with a DefaultApplication and an audit entry", async () => {
    const email = `New.${uniqueSuffix()}@Example.test`;
    const user = await signUp({ ctx: ctxFor(db(), null), input: { email, name: "New Person", password: "s3cret-pass" } });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.roles).toEqual(["subscriber"]);
    const apps = await db().select().from(applications).where(eq(applications.ownerId, user.id));
    expect(apps.map((a) => [a.name, a.throttlingTier])).toEqual([["DefaultApplication", "Unlimited"]]);
    const [stored] = await db().select().from(users).where(eq(users.id, user.id));
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
    expect(stored.passwordHash).not.toContain("s3cret-pass");
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(audit.map((a) => a.action)).toContain("user.sign_up");
  });

  it("refuses a second account with the same email, in any case", async () => {
    const email = `dup-${uniqueSuffix()}@example.test`;
    await signUp({ ctx: ctxFor(db(), null), input: { email, name: "A", password: "password-1" } });
    await expect(
      signUp({ ctx: ctxFor(db(), null), input: { email: email.toUpperCase(), name: "B", password: "password-2" } }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it("names the bad field", async () => {
    const error = await signUp({ ctx: ctxFor(db(), null), input: { email: "nope", name: "", password: "short" } }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["email", "name", "password"]);
  });

  it("authenticates with the right password only, and never a disabled user", async () => {
    const user = await createUser(db(), { roles: ["creator"] });
    expect(await authenticateUser(db(), { email: user.email, password: TEST_PASSWORD })).toMatchObject({
      id: user.id,
      roles: ["creator"],
    });
    expect(await authenticateUser(db(), { email: user.email, password: "wrong password" })).toBeNull();
    expect(await authenticateUser(db(), { email: "nobody@example.test", password: TEST_PASSWORD })).toBeNull();
    const disabled = await createUser(db(), { disabled: true });
    expect(await authenticateUser(db(), { email: disabled.email, password: TEST_PASSWORD })).toBeNull();
    expect(await loadActor(db(), disabled.id)).toBeNull();
    expect(await loadActor(db(), user.id)).toMatchObject({ email: user.email });
  });

  it("creates the first admin once, with a generated password when none is given", async () => {
    const first = await ensureInitialAdmin(db(), { email: `Admin-${uniqueSuffix()}@example.test` });
    expect(first.created).toBe(true);
    if (!first.created) return;
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const actor = await authenticateUser(db(), { email: first.email, password: first.generatedPassword });
    expect(actor?.roles).toContain("admin");
    expect(await ensureInitialAdmin(db(), { email: "other@example.test", password: "another-password" })).toEqual({
      created: false,
    });
  });
});
