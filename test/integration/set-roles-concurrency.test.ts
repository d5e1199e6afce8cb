import { expect, it } from "vitest";
import { ConflictError } from "@/lib/errors";
import { setRoles } from "@/lib/users/set-roles";
import { setUserDisabled } from "@/lib/users/manage-user";
import { describeEachDatabase } from "@/test/harness/databases";
import { createUser, ctxFor } from "@/test/harness/factories";

/** Every outcome is a success or a clean 409; a deadlock (40P01) or any other error fails the test. */
async function outcomes(calls: Promise<unknown>[]): Promise<("ok" | "conflict")[]> {
  const settled = await Promise.allSettled(calls);
  return settled.map((result) => {
    if (result.status === "fulfilled") return "ok";
    if (result.reason instanceof ConflictError) return "conflict";
    throw result.reason;
  });
}

describeEachDatabase("role changes under concurrency", (db) => {
  it("runs 20 concurrent role changes of one user without a deadlock", async () => {
    const admin = await createUser(db(), { roles: ["admin"] });
    const target = await createUser(db(), { roles: ["subscriber"] });
    const roleSets = [["creator"], ["publisher", "subscriber"], ["subscriber"], ["creator", "publisher"]] as const;
    const results = await outcomes(
      Array.from({ length: 20 }, (_, i) => setRoles({ ctx: ctxFor(db(), admin), userId: target.id, input: { roles: [...roleSets[i % roleSets.length]] } })),
    );
    expect(results.every((r) => r === "ok")).toBe(true);
  });

  it("runs crossed role changes of two admins (each changing the other) without a deadlock", async () => {
    const [a, b] = [await createUser(db(), { roles: ["admin"] }), await createUser(db(), { roles: ["admin"] })];
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) {
      calls.push(setRoles({ ctx: ctxFor(db(), a), userId: b.id, input: { roles: ["admin", i % 2 ? "creator" : "publisher"] } }));
      calls.push(setRoles({ ctx: ctxFor(db(), b), userId: a.id, input: { roles: ["admin", i % 2 ? "publisher" : "creator"] } }));
    }
    expect((await outcomes(calls)).every((r) => r === "ok")).toBe(true);
  });

  it("never lets concurrent demotions remove the last administrators", async () => {
    const admins = [await createUser(db(), { roles: ["admin"] }), await createUser(db(), { roles: ["admin"] })];
    // Every other admin of earlier tests steps down first, so these two are the only ones left.
    const { users } = await import("@/db/schema");
    const { and, notInArray, sql } = await import("drizzle-orm");
    await db()
      .update(users)
      .set({ roles: ["subscriber"] })
      .where(and(notInArray(users.id, admins.map((u) => u.id)), sql`'admin' = any(${users.roles})`));
    const results = await outcomes([
      setRoles({ ctx: ctxFor(db(), admins[0]), userId: admins[1].id, input: { roles: ["subscriber"] } }),
      setRoles({ ctx: ctxFor(db(), admins[1]), userId: admins[0].id, input: { roles: ["subscriber"] } }),
      setUserDisabled({ ctx: ctxFor(db(), admins[0]), userId: admins[1].id, input: { disabled: true } }),
    ]);
    expect(results).toContain("conflict");
    const left = await db()
      .select({ id: users.id })
      .from(users)
      .where(sql`'admin' = any(${users.roles}) and not ${users.disabled}`);
    expect(left.length).toBeGreaterThanOrEqual(1);
  });
});
