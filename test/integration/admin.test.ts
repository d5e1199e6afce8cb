import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import * as auditRoute from "@/app/api/v1/admin/audit/route";
import * as adminAnalyticsRoute from "@/app/api/v1/admin/analytics/[report]/route";
import * as settingsRoute from "@/app/api/v1/admin/settings/route";
import * as resetRoute from "@/app/api/v1/admin/users/[userId]/reset-password/route";
import * as rolesRoute from "@/app/api/v1/admin/users/[userId]/roles/route";
import * as userRoute from "@/app/api/v1/admin/users/[userId]/route";
import * as usersRoute from "@/app/api/v1/admin/users/route";
import { auditLog, users } from "@/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Actor } from "@/lib/services/context";
import { listAuditLog } from "@/lib/users/audit-log";
import { authenticateUser } from "@/lib/users/authenticate";
import { createUser } from "@/lib/users/create-user";
import { getUser, listUsers } from "@/lib/users/list-users";
import { resetUserPassword, setUserDisabled } from "@/lib/users/manage-user";
import { getPlatformSettings, readPlatformSettings, updatePlatformSettings } from "@/lib/users/platform-settings";
import { setRoles } from "@/lib/users/set-roles";
import { describeEachInstalledDatabase } from "@/test/harness/install";
import { createOrganization, createUser as createTestUser, ctxFor, uniqueSuffix } from "@/test/harness/factories";
import { managementToken } from "./oauth-fixtures";

const BASE = "http://localhost:3000/api/v1/admin";

function call<P>(
  handler: (request: Request, context: { params: Promise<P> }) => Promise<Response>,
  params: P,
  init: { method: string; token: string; body?: unknown; query?: string },
) {
  const headers = new Headers({ authorization: `Bearer ${init.token}` });
  if (init.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(`${BASE}/x${init.query ?? ""}`, { method: init.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return handler(request, { params: Promise.resolve(params) });
}

describeEachInstalledDatabase("admin portal: users, settings, audit", (db) => {
  const ctx = (actor: Actor | null) => ctxFor(db(), actor);

  const bearer = (user: Actor, scope: string) => managementToken(db(), user, scope);

  it("creates a creator who can sign in, disables and re-enables them, and resets their password, all audited", async () => {
    const admin = await createTestUser(db(), { roles: ["admin"] });
    const email = `Creator.${uniqueSuffix()}@Example.test`;
    const created = await createUser({ ctx: ctx(admin), input: { email, name: "Cre Ator", roles: ["creator"], password: "first-password" } });
    expect(created.generatedPassword).toBeUndefined();
    expect(created.user).toMatchObject({ email: email.toLowerCase(), roles: ["creator"], disabled: false });
    expect(await authenticateUser(db(), { email, password: "first-password" })).toMatchObject({ id: created.user.id, roles: ["creator"] });

    await setUserDisabled({ ctx: ctx(admin), userId: created.user.id, input: { disabled: true } });
    expect(await authenticateUser(db(), { email, password: "first-password" })).toBeNull();
    await setUserDisabled({ ctx: ctx(admin), userId: created.user.id, input: { disabled: "false" } });
    expect(await authenticateUser(db(), { email, password: "first-password" })).not.toBeNull();

    const reset = await resetUserPassword({ ctx: ctx(admin), userId: created.user.id });
    expect(reset.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await authenticateUser(db(), { email, password: "first-password" })).toBeNull();
    expect(await authenticateUser(db(), { email, password: reset.generatedPassword })).toMatchObject({ id: created.user.id });

    const generated = await createUser({ ctx: ctx(admin), input: { email: `gen-${uniqueSuffix()}@example.test`, name: "Gen", roles: ["subscriber", "publisher"] } });
    expect(generated.user.roles).toEqual(["publisher", "subscriber"]);
    expect(await authenticateUser(db(), { email: generated.user.email, password: generated.generatedPassword })).not.toBeNull();

    const log = await listAuditLog({ ctx: ctx(admin), input: { actor: admin.email } });
    expect(log.entries.filter((e) => e.targetId === created.user.id).map((e) => e.action)).toEqual([
      "user.password.reset",
      "user.enable",
      "user.disable",
      "user.create",
    ]);
    expect(JSON.stringify(log.entries)).not.toContain(reset.generatedPassword);
    expect(JSON.stringify(log.entries)).not.toContain("first-password");
  });

  it("refuses every write to anyone but an admin", async () => {
    const target = await createTestUser(db());
    for (const roles of [["publisher"], ["creator"], ["subscriber"]] as const) {
      const actor = await createTestUser(db(), { roles: [...roles] });
      const c = ctx(actor);
      await expect(createUser({ ctx: c, input: { email: `x-${uniqueSuffix()}@example.test`, name: "X", roles: ["admin"] } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setUserDisabled({ ctx: c, userId: target.id, input: { disabled: true } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(resetUserPassword({ ctx: c, userId: target.id })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setRoles({ ctx: c, userId: target.id, input: { roles: ["admin"] } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(updatePlatformSettings({ ctx: c, input: { analyticsRetentionDays: 10 } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listUsers({ ctx: c })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listAuditLog({ ctx: c })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getPlatformSettings({ ctx: c })).rejects.toBeInstanceOf(ForbiddenError);
    }
    const [row] = await db().select().from(users).where(eq(users.id, target.id));
    expect(row).toMatchObject({ disabled: false, roles: ["subscriber"] });
  });

  it("guards the last admin and the admin's own account, and names bad input", async () => {
    const organizationId = await createOrganization(db());
    const admin = await createTestUser(db(), { roles: ["admin"], organizationId });
    await expect(setUserDisabled({ ctx: ctx(admin), userId: admin.id, input: { disabled: true } })).rejects.toBeInstanceOf(ConflictError);
    await expect(setUserDisabled({ ctx: ctx(admin), userId: "not-a-uuid", input: { disabled: true } })).rejects.toBeInstanceOf(NotFoundError);
    const error = await createUser({ ctx: ctx(admin), input: { email: "nope", name: "", roles: [] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["email", "name", "roles"]);
    const taken = await createTestUser(db());
    await expect(createUser({ ctx: ctx(admin), input: { email: taken.email, name: "Dup", roles: ["subscriber"] } })).rejects.toBeInstanceOf(ConflictError);
    const placed = await createUser({ ctx: ctx(admin), input: { email: `org-${uniqueSuffix()}@example.test`, name: "Org", roles: ["creator"] } });
    expect((await getUser({ ctx: ctx(admin), userId: placed.user.id })).organizationId).toBe(organizationId);
  });

  it("keeps platform settings with defaults, validates and audits changes", async () => {
    const admin = await createTestUser(db(), { roles: ["admin"] });
    expect(await readPlatformSettings(db())).toEqual({ defaultTokenValiditySeconds: 3600, analyticsRetentionDays: 90 });
    await expect(updatePlatformSettings({ ctx: ctx(admin), input: { analyticsRetentionDays: "3" } })).rejects.toBeInstanceOf(ValidationError);
    await expect(updatePlatformSettings({ ctx: ctx(admin), input: { defaultTokenValiditySeconds: 0 } })).rejects.toBeInstanceOf(ValidationError);
    const updated = await updatePlatformSettings({ ctx: ctx(admin), input: { defaultTokenValiditySeconds: "7200" } });
    expect(updated).toEqual({ defaultTokenValiditySeconds: 7200, analyticsRetentionDays: 90 });
    expect(await getPlatformSettings({ ctx: ctx(admin) })).toEqual(updated);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.action, "settings.update"));
    expect(entry.details).toEqual({ "keys.default_token_validity_seconds": { from: 3600, to: 7200 } });
  });

  it("pages and filters the audit log by action and actor", async () => {
    const admin = await createTestUser(db(), { roles: ["admin"] });
    for (let i = 0; i < 3; i += 1) {
      await createUser({ ctx: ctx(admin), input: { email: `page-${i}-${uniqueSuffix()}@example.test`, name: `P${i}`, roles: ["subscriber"] } });
    }
    const first = await listAuditLog({ ctx: ctx(admin), input: { action: "user.create", actor: admin.email, pageSize: 2 } });
    expect(first).toMatchObject({ total: 3, pages: 2, page: 1 });
    expect(first.entries).toHaveLength(2);
    const second = await listAuditLog({ ctx: ctx(admin), input: { action: "user.", actor: admin.email, pageSize: 2, page: 2 } });
    expect(second.entries).toHaveLength(1);
    expect(second.entries[0].actorEmail).toBe(admin.email);
    expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(3);
  });

  it("serves /api/v1/admin to admin tokens only: 403 for every other role on every route", async () => {
    const admin = await createTestUser(db(), { roles: ["admin", "subscriber"] });
    const publisher = await createTestUser(db(), { roles: ["publisher", "subscriber"] });
    const target = await createTestUser(db());
    const adminToken = await bearer(admin, "apim:admin apim:subscribe");
    const otherToken = await bearer(publisher, "apim:api_view apim:subscribe");
    const id = { userId: target.id };
    const refused = [
      call(usersRoute.GET, {}, { method: "GET", token: otherToken }),
      call(usersRoute.POST, {}, { method: "POST", token: otherToken, body: { email: "x@example.test", name: "X", roles: ["admin"] } }),
      call(userRoute.GET, id, { method: "GET", token: otherToken }),
      call(userRoute.PATCH, id, { method: "PATCH", token: otherToken, body: { disabled: true } }),
      call(resetRoute.POST, id, { method: "POST", token: otherToken }),
      call(rolesRoute.PUT, id, { method: "PUT", token: otherToken, body: { roles: ["admin"] } }),
      call(settingsRoute.GET, {}, { method: "GET", token: otherToken }),
      call(settingsRoute.PUT, {}, { method: "PUT", token: otherToken, body: { analyticsRetentionDays: 30 } }),
      call(auditRoute.GET, {}, { method: "GET", token: otherToken }),
      call(adminAnalyticsRoute.GET, { report: "totals" }, { method: "GET", token: otherToken }),
    ];
    for (const response of await Promise.all(refused)) {
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }

    const created = await call(usersRoute.POST, {}, { method: "POST", token: adminToken, body: { email: `rest-${uniqueSuffix()}@example.test`, name: "Rest", roles: ["creator"] } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { user: { id: string }; generatedPassword: string };
    expect(body.generatedPassword).toBeTruthy();
    const patched = await call(userRoute.PATCH, { userId: body.user.id }, { method: "PATCH", token: adminToken, body: { disabled: true } });
    expect(await patched.json()).toMatchObject({ disabled: true });
    expect((await call(resetRoute.POST, { userId: body.user.id }, { method: "POST", token: adminToken })).status).toBe(200);
    expect((await call(rolesRoute.PUT, { userId: body.user.id }, { method: "PUT", token: adminToken, body: { roles: ["publisher"] } })).status).toBe(200);
    const settings = await call(settingsRoute.PUT, {}, { method: "PUT", token: adminToken, body: { analyticsRetentionDays: 120 } });
    expect(await settings.json()).toMatchObject({ analyticsRetentionDays: 120 });
    const audit = await call(auditRoute.GET, {}, { method: "GET", token: adminToken, query: `?actor=${encodeURIComponent(admin.email)}` });
    const page = (await audit.json()) as { entries: { action: string }[] };
    expect(page.entries.map((e) => e.action).slice(0, 5)).toEqual(["settings.update", "user.roles.set", "user.password.reset", "user.disable", "user.create"]);
    const csv = await call(adminAnalyticsRoute.GET, { report: "apis" }, { method: "GET", token: adminToken, query: "?range=7d&format=csv" });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect((await csv.text()).split("\r\n")[0]).toMatch(/^api_id,api,version,context,calls,/);
    expect((await call(adminAnalyticsRoute.GET, { report: "nope" }, { method: "GET", token: adminToken })).status).toBe(404);
  });
});
