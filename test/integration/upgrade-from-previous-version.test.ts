import { randomUUID } from "node:crypto";
import http from "node:http";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { decodeJwt, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase } from "@/db";
import { MIGRATIONS_FOLDER, type Database, type DatabaseHandle } from "@/db/client";
import { usageTotals } from "@/lib/analytics/usage-totals";
import { hashPassword } from "@/lib/auth/password";
import { config } from "@/lib/config";
import { readChangeVersion } from "@/lib/events/change-version";
import { createGatewayServer } from "@/lib/gateway/node/node-listener";
import { startStandaloneGateway, type StandaloneGateway } from "@/lib/gateway/standalone/standalone-gateway";
import { handleTokenRequest } from "@/lib/keys/oauth/token-endpoint";
import { generateConsumerKey, generateSecret, hashSecret, secretDisplayPrefix } from "@/lib/keys/secrets";
import { activeSigningKey, recordSigning } from "@/lib/keys/signing-keys";
import { MemoryLimiter } from "@/lib/throttling/memory-limiter";
import type { Actor } from "@/lib/services/context";
import { authenticateUser } from "@/lib/users/authenticate";
import { setUserDisabled } from "@/lib/users/manage-user";
import { defaultOrganizationId } from "@/lib/users/organizations";
import { startBackend, type TestBackend } from "@/test/harness/gateway-fixtures";
import {
  createPersistentDatabase,
  migrateUpTo,
  PREVIOUS_RELEASE,
  upgradeDrivers,
  type PersistentDatabase,
} from "@/test/harness/previous-version";

/**
 * The house rule on schema changes: a data dir or database the previous release made comes forward
 * with nothing lost. The previous release's data is written as it wrote it, on its schema (migrated
 * only up to its last migration), by a process that is then closed; a new process opens the same
 * storage, runs this version's migrations and must find every row, every password, token, API key,
 * consumer key and refresh token working, and the usage history intact.
 */

const ADMIN_PASSWORD = "previous release admin password";
const SUBSCRIBER_PASSWORD = "previous release subscriber password";
const TOKEN_VALIDITY_SECONDS = 3600;

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function one<T>(db: Database, query: SQL): Promise<T> {
  const [row] = await rows<T>(db, query);
  if (!row) throw new Error("expected a row");
  return row;
}

/**
 * Token minting as the previous release did it (lib/keys/mint.ts and lib/keys/jwt.ts at
 * PREVIOUS_RELEASE.commit): the same header and claims, without the `cv` claim this version adds, signed
 * with the stored signing key, whose watermark it moved first.
 */
async function mintAsPreviousRelease(
  db: Database,
  kind: "accessToken" | "apiKey",
  claims: Record<string, unknown> & { sub: string },
): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const key = await activeSigningKey(db);
  const jti = randomUUID();
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + TOKEN_VALIDITY_SECONDS * 1000);
  await recordSigning(db, key, expiresAt);
  const token = await new SignJWT({ ...claims, jti })
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: kind === "accessToken" ? "at+jwt" : "apikey+jwt" })
    .setIssuer(config().publicUrl)
    .setAudience("portcullis")
    .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key.privateKey);
  return { token, jti, expiresAt };
}

type PreviousData = Awaited<ReturnType<typeof writePreviousReleaseData>>;

/**
 * What a deployment of the previous release holds after some use, in the tables and columns of its
 * schema (plain SQL: this version's table definitions name columns that schema lacks). Every table it
 * had gets rows, so "nothing lost" is checked everywhere.
 */
async function writePreviousReleaseData(db: Database, backendUrl: string) {
  // Tables this version did not change: their own code writes them, as the previous release's did.
  const organizationId = await defaultOrganizationId(db);
  const user = async (email: string, password: string, role: string) =>
    (
      await one<{ id: string }>(
        db,
        sql`insert into users (organization_id, email, name, password_hash, roles, last_sign_in_at)
            values (${organizationId}, ${email}, ${email.split("@")[0]}, ${await hashPassword(password)}, ${`{${role}}`}::role[], now() - interval '1 day')
            returning id`,
      )
    ).id;
  const adminId = await user("admin@previous.test", ADMIN_PASSWORD, "admin");
  const subscriberId = await user("subscriber@previous.test", SUBSCRIBER_PASSWORD, "subscriber");

  const api = await one<{ id: string }>(
    db,
    sql`insert into apis (organization_id, name, context, version, description, tags, state, is_default_version, subscription_tiers, created_by)
        values (${organizationId}, 'Legacy', '/legacy', '1.0.0', 'Published before the upgrade', '{old}', 'PUBLISHED', true, '{Unlimited,Gold}', ${adminId})
        returning id`,
  );
  await db.execute(sql`insert into api_resources (api_id, method, target, auth_type, throttling_tier, scopes, summary, position) values
    (${api.id}, 'GET', '/*', 'Application & Application User', 'Unlimited', '{}', 'Anything', 0),
    (${api.id}, 'POST', '/items', 'Application User', 'Unlimited', '{legacy:write}', 'Add an item', 1)`);
  await db.execute(sql`insert into api_endpoints (api_id, key_type, url, timeout_ms) values
    (${api.id}, 'PRODUCTION', ${backendUrl}, 5000), (${api.id}, 'SANDBOX', ${backendUrl}, 5000)`);
  await db.execute(sql`insert into api_scopes (api_id, key, name, roles) values (${api.id}, 'legacy:write', 'Write', '{subscriber}')`);
  await db.execute(sql`insert into api_lifecycle_events (api_id, action, from_state, to_state, actor_id) values (${api.id}, 'Publish', 'CREATED', 'PUBLISHED', ${adminId})`);
  await db.execute(sql`insert into api_documents (api_id, name, type, source, summary, content) values (${api.id}, 'Guide', 'HOWTO', 'INLINE', 'How to', '# Use it')`);
  await db.execute(sql`insert into comments (api_id, user_id, content) values (${api.id}, ${subscriberId}, 'Works for me')`);
  await db.execute(sql`insert into ratings (api_id, user_id, rating) values (${api.id}, ${subscriberId}, 4)`);
  await db.execute(sql`insert into throttling_policies (level, name, display_name, request_count, unit_time, time_unit) values ('APPLICATION', 'Legacy1000', 'Legacy 1000', 1000, 1, 'min')`);
  await db.execute(sql`insert into blocking_conditions (type, value, enabled, created_by) values ('IP', '203.0.113.7', true, ${adminId})`);
  await db.execute(sql`insert into platform_settings (key, value) values ('analytics.retention_days', '120'::jsonb)`);
  const rule = await one<{ id: string }>(db, sql`insert into alert_rules (api_id, kind, threshold, webhook_url) values (${api.id}, 'ERROR_RATE', 0.2, null) returning id`);
  await db.execute(sql`insert into alerts (rule_id, value, fired_at, resolved_at) values (${rule.id}, 0.35, now() - interval '3 hours', now() - interval '2 hours')`);
  await db.execute(sql`insert into gateway_instances (id, mount, hostname, started_at, last_seen_at, snapshot_version, snapshot_built_at) values ('gw-previous', 'standalone', 'old-host', now() - interval '1 day', now() - interval '1 hour', 42, now() - interval '1 hour')`);

  const application = await one<{ id: string; throttling_tier: string }>(
    db,
    sql`insert into applications (owner_id, name, description, throttling_tier, token_validity_seconds) values (${subscriberId}, 'Legacy app', 'Made before the upgrade', 'Unlimited', ${TOKEN_VALIDITY_SECONDS}) returning id, throttling_tier`,
  );
  await db.execute(sql`insert into subscriptions (application_id, api_id, throttling_tier, status) values (${application.id}, ${api.id}, 'Unlimited', 'ACTIVE')`);

  // Consumer keys as the previous release's insertClient stored them: the secret only as its hash.
  const consumerKey = generateConsumerKey();
  const consumerSecret = generateSecret("consumerSecret");
  const client = await one<{ id: string }>(
    db,
    sql`insert into oauth_clients (client_id, secret_hash, secret_prefix, owner_id, application_id, key_type, name)
        values (${consumerKey}, ${hashSecret(consumerSecret)}, ${secretDisplayPrefix(consumerSecret)}, ${subscriberId}, ${application.id}, 'PRODUCTION', 'Legacy app PRODUCTION')
        returning id`,
  );

  // Its tokens, as its mint.ts signed them: a client_credentials one, a password-grant one for the user, API keys.
  const applicationClaims = { application_id: application.id, application_tier: application.throttling_tier };
  const applicationToken = await mintAsPreviousRelease(db, "accessToken", {
    sub: subscriberId,
    client_id: consumerKey,
    key_type: "PRODUCTION",
    aut: "APPLICATION",
    ...applicationClaims,
  });
  const userToken = await mintAsPreviousRelease(db, "accessToken", {
    sub: subscriberId,
    client_id: consumerKey,
    scope: "legacy:write",
    key_type: "PRODUCTION",
    aut: "APPLICATION_USER",
    ...applicationClaims,
  });
  const apiKeyClaims = { sub: subscriberId, key_type: "PRODUCTION", aut: "APPLICATION", ...applicationClaims };
  const apiKey = await mintAsPreviousRelease(db, "apiKey", apiKeyClaims);
  const revokedApiKey = await mintAsPreviousRelease(db, "apiKey", apiKeyClaims);
  for (const key of [apiKey, revokedApiKey]) {
    await db.execute(sql`insert into api_keys (jti, token_hash, display_prefix, application_id, key_type, expires_at, revoked_at)
      values (${key.jti}, ${hashSecret(key.token)}, ${`…${key.token.slice(-8)}`}, ${application.id}, 'PRODUCTION', ${key.expiresAt.toISOString()}, ${key === revokedApiKey ? new Date().toISOString() : null})`);
  }
  await db.execute(sql`insert into revoked_tokens (jti, expires_at) values (${revokedApiKey.jti}, ${revokedApiKey.expiresAt.toISOString()})`);
  // The refresh token issued beside the password-grant token.
  const refreshToken = generateSecret("refreshToken");
  await db.execute(sql`insert into refresh_tokens (token_hash, family_id, client_id, user_id, scopes, access_token_jti, access_token_expires_at, expires_at)
    values (${hashSecret(refreshToken)}, ${randomUUID()}, ${client.id}, ${subscriberId}, '{legacy:write}', ${userToken.jti}, ${userToken.expiresAt.toISOString()}, now() + interval '1 day')`);
  await db.execute(sql`insert into audit_log (actor_id, actor_email, action, target_type, target_id, details) values
    (${adminId}, 'admin@previous.test', 'api.publish', 'api', ${api.id}, '{"from":"CREATED"}'::jsonb),
    (${subscriberId}, 'subscriber@previous.test', 'application.create', 'application', ${application.id}, '{}'::jsonb)`);

  // Usage history: raw events (with the `calls` column 0010 added), their roll-ups and the roll-up cursors.
  await db.execute(sql`insert into usage_events (at, api_id, api_name, api_version, context, resource, method, application_id, user_id, key_type, status, error_code, latency_ms, backend_latency_ms, bytes_in, bytes_out, client_ip, gateway_id, calls)
    values
    (now() - interval '2 hours', ${api.id}, 'Legacy', '1.0.0', '/legacy', '/*', 'GET', ${application.id}, ${subscriberId}, 'PRODUCTION', 200, null, 12.5, 10, 0, 512, '198.51.100.4', 'gw-previous', 1),
    (now() - interval '2 hours', ${api.id}, 'Legacy', '1.0.0', '/legacy', '/*', 'GET', ${application.id}, ${subscriberId}, 'PRODUCTION', 404, null, 3, 2, 0, 64, '198.51.100.4', 'gw-previous', 3),
    (now() - interval '2 hours', ${api.id}, 'Legacy', '1.0.0', '/legacy', '/*', 'GET', ${application.id}, ${subscriberId}, 'PRODUCTION', 429, '900800', 1, null, 0, 0, '198.51.100.4', 'gw-previous', 2)`);
  for (const granularity of ["minute", "hour", "day"]) {
    const bucket = sql`date_trunc(${granularity}, now() - interval '2 hours')`;
    await db.execute(sql`insert into usage_rollups (granularity, slice, bucket, api_id, calls, throttled, latency_sum_ms, backend_latency_sum_ms, latency_histogram, backend_latency_histogram, bytes_out, last_call_at, client_errors, server_errors)
      values (${granularity}::rollup_granularity, 'api', ${bucket}, ${api.id}, 6, 2, 23.5, 16, '{0,4,2}', '{0,4}', 704, now() - interval '2 hours', 3, 0)`);
    await db.execute(sql`insert into usage_rollups (granularity, slice, bucket, api_id, application_id, calls, throttled, latency_sum_ms, backend_latency_sum_ms, bytes_out, last_call_at, client_errors, server_errors)
      values (${granularity}::rollup_granularity, 'application', ${bucket}, ${api.id}, ${application.id}, 6, 2, 23.5, 16, 704, now() - interval '2 hours', 3, 0)`);
    await db.execute(sql`insert into usage_error_rollups (granularity, slice, bucket, api_id, status, error_code, calls, last_call_at)
      values (${granularity}::rollup_granularity, 'api', ${bucket}, ${api.id}, 429, '900800', 2, now() - interval '2 hours')`);
    await db.execute(sql`insert into rollup_cursors (granularity, last_event_id) select ${granularity}::rollup_granularity, max(id) from usage_events`);
  }

  return { adminId, subscriberId, apiId: api.id, applicationId: application.id, consumerKey, consumerSecret, refreshToken, applicationToken, userToken, apiKey, revokedApiKey };
}

/**
 * The columns this version changed on purpose, each by a migration of its own; every other column of
 * the previous release must still be there, row for row.
 * - api_keys.token_hash is dropped (0013): a key is verified by its signature and refused by its revoked
 *   jti, so the hash was written and never read, a copy of a credential kept for nothing.
 * - api_keys.display_prefix is renamed display_suffix (0014): it holds the key's last characters; its
 *   values are kept.
 */
const DROPPED_COLUMNS: Record<string, string[]> = { api_keys: ["token_hash"] };
const RENAMED_COLUMNS: Record<string, Record<string, string>> = { api_keys: { display_prefix: "display_suffix" } };

/** `rowsOf` (of the previous release) as this version names their kept columns. */
function asRenamed(table: string, rowsOf: Record<string, unknown>[]): Record<string, unknown>[] {
  const renamed = RENAMED_COLUMNS[table] ?? {};
  return rowsOf.map((row) => Object.fromEntries(Object.entries(row).map(([column, value]) => [renamed[column] ?? column, value])));
}

function keptColumns(table: string, columns: string[]): string[] {
  const renamed = RENAMED_COLUMNS[table] ?? {};
  return columns.filter((column) => !DROPPED_COLUMNS[table]?.includes(column)).map((column) => renamed[column] ?? column);
}

type TableDump = Map<string, { columns: string[]; rows: Record<string, unknown>[] }>;

/** Every table's columns and rows (partitioned tables through their parent). */
async function dumpTables(db: Database): Promise<TableDump> {
  const tables = await rows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
  );
  const dump: TableDump = new Map();
  for (const { name } of tables) {
    const columns = await rows<{ column_name: string }>(
      db,
      sql`select column_name from information_schema.columns where table_schema = 'public' and table_name = ${name} order by ordinal_position`,
    );
    const data = await rows<{ row: Record<string, unknown> }>(db, sql`select to_jsonb(t) as row from ${sql.identifier(name)} t`);
    dump.set(name, { columns: columns.map((c) => c.column_name), rows: data.map((d) => d.row) });
  }
  return dump;
}

/** The sha256 of each migration applied, in order, as drizzle's migrator recorded them. */
async function appliedMigrations(db: Database): Promise<string[]> {
  return (await rows<{ hash: string }>(db, sql`select hash from drizzle.__drizzle_migrations order by created_at, id`)).map((row) => row.hash);
}

/** A table's rows restricted to `columns`, in a stable order, for comparison. */
function comparable(rowsOf: Record<string, unknown>[], columns: string[]): string[] {
  return rowsOf.map((row) => JSON.stringify(columns.map((column) => [column, row[column]]))).sort();
}

async function callGateway(gateway: string, headers: Record<string, string>, path = "/legacy/1.0.0/hello") {
  const response = await fetch(`${gateway}${path}`, { headers });
  const body = (await response.json()) as { code?: string; path?: string };
  return { status: response.status, body };
}

async function tokenRequest(form: Record<string, string>, client: { id: string; secret: string }) {
  const response = await handleTokenRequest(
    new Request(`${config().publicUrl}/oauth2/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": "192.0.2.210",
      },
      body: new URLSearchParams(form).toString(),
    }),
  );
  return { status: response.status, body: (await response.json()) as { access_token?: string; refresh_token?: string; error?: string } };
}

for (const driver of upgradeDrivers()) {
  describe(`upgrade from the previous release (${PREVIOUS_RELEASE.commit}, ${PREVIOUS_RELEASE.lastMigration}) [${driver}]`, () => {
    let storage: PersistentDatabase | undefined;
    let handle: DatabaseHandle | undefined;
    let backend: TestBackend | undefined;
    let runtime: StandaloneGateway | undefined;
    let server: http.Server | undefined;
    let gateway = "";
    let previous: PreviousData;
    let before: TableDump;
    let after: TableDump;
    let migrationsBefore: string[];
    let migrationsAfter: string[];
    const db = () => handle!.db;

    beforeAll(async () => {
      backend = await startBackend("legacy");
      storage = await createPersistentDatabase(driver);
      // The previous release's process: its schema, its data, then it stops.
      const old = await storage.open();
      try {
        await migrateUpTo(old, PREVIOUS_RELEASE.lastMigration);
        previous = await writePreviousReleaseData(old.db, backend.url);
        before = await dumpTables(old.db);
        migrationsBefore = await appliedMigrations(old.db);
      } finally {
        await old.close();
      }
      // This version's process on the same storage: migrates at start, as `npm start` does.
      handle = await storage.open();
      await handle.migrate();
      after = await dumpTables(handle.db);
      migrationsAfter = await appliedMigrations(handle.db);
      installDatabase(handle);
      runtime = await startStandaloneGateway({
        db: handle.db,
        mount: "embedded",
        issuer: config().publicUrl,
        trustedOrigins: [],
        limiter: new MemoryLimiter(),
        limiterFailureMode: "open",
      });
      server = createGatewayServer(runtime.handler);
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }, 120_000);

    afterAll(async () => {
      server?.closeAllConnections();
      if (server) await new Promise((resolve) => server!.close(resolve));
      await runtime?.stop();
      await handle?.close();
      await storage?.dispose();
      await backend?.close();
    });

    it("starts from exactly the migrations the previous release shipped, and applies this version's after them", async () => {
      expect(migrationsBefore).toEqual(PREVIOUS_RELEASE.migrationHashes);
      const journal = JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
      expect(migrationsAfter).toHaveLength(journal.entries.length);
      expect(migrationsAfter.slice(0, migrationsBefore.length)).toEqual(migrationsBefore);
      expect(after.get("change_version")?.rows).toHaveLength(1);
    });

    it("keeps every row of every table the previous release had, column for column; the new columns start empty", () => {
      const empty = [...before].filter(([, table]) => table.rows.length === 0).map(([name]) => name);
      // The fixture is only a proof if it put something in every table.
      expect(empty).toEqual([]);
      for (const [name, old] of before) {
        const now = after.get(name);
        expect(now, `table ${name}`).toBeDefined();
        const kept = keptColumns(name, old.columns);
        expect(now!.columns, `columns of ${name}`).toEqual(expect.arrayContaining(kept));
        expect(comparable(now!.rows, kept), `rows of ${name}`).toEqual(comparable(asRenamed(name, old.rows), kept));
      }
      // The deliberate changes, and nothing more: the dropped column is gone, the renamed one kept its values.
      const apiKeys = after.get("api_keys")!;
      expect(before.get("api_keys")!.columns).toEqual(expect.arrayContaining(["token_hash", "display_prefix"]));
      expect(apiKeys.columns).not.toContain("token_hash");
      expect(apiKeys.columns).not.toContain("display_prefix");
      expect(apiKeys.rows.map((row) => row.display_suffix).sort()).toEqual(
        before.get("api_keys")!.rows.map((row) => row.display_prefix).sort(),
      );
      const users = after.get("users")!;
      expect(users.columns).toContain("tokens_valid_from");
      expect(users.rows.map((row) => row.tokens_valid_from)).toEqual([null, null]);
      const clients = after.get("oauth_clients")!;
      expect(clients.columns).toContain("management_scopes");
      expect(clients.rows.map((row) => row.management_scopes)).toEqual([null]);
    });

    it("lets the previous release's users sign in with their passwords, and no one with a wrong one", async () => {
      const admin = await authenticateUser(db(), { email: "admin@previous.test", password: ADMIN_PASSWORD });
      expect(admin).toMatchObject({ id: previous.adminId, roles: ["admin"] });
      const subscriber = await authenticateUser(db(), { email: "subscriber@previous.test", password: SUBSCRIBER_PASSWORD });
      expect(subscriber).toMatchObject({ id: previous.subscriberId, roles: ["subscriber"] });
      expect(await authenticateUser(db(), { email: "subscriber@previous.test", password: ADMIN_PASSWORD })).toBeNull();
    });

    it("admits the previous release's access tokens and API key (no `cv` claim) at the gateway, and still refuses its revoked key", async () => {
      for (const token of [previous.applicationToken.token, previous.userToken.token]) {
        expect(decodeJwt(token).cv).toBeUndefined();
        const answer = await callGateway(gateway, { authorization: `Bearer ${token}` });
        expect(answer.status).toBe(200);
        expect(answer.body.path).toBe("/hello");
      }
      expect((await callGateway(gateway, { apikey: previous.apiKey.token })).status).toBe(200);
      const revoked = await callGateway(gateway, { apikey: previous.revokedApiKey.token });
      expect(revoked.status).toBe(401);
      expect(revoked.body.code).toBe("900901");
      expect(backend!.requests.filter((r) => r.url === "/hello")).toHaveLength(3);
    });

    it("issues new tokens for the previous release's consumer key and refresh token, which the gateway admits", async () => {
      const client = { id: previous.consumerKey, secret: previous.consumerSecret };
      const credentials = await tokenRequest({ grant_type: "client_credentials" }, client);
      expect(credentials.status).toBe(200);
      const password = await tokenRequest({ grant_type: "password", username: "subscriber@previous.test", password: SUBSCRIBER_PASSWORD }, client);
      expect(password.status).toBe(200);
      const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: previous.refreshToken }, client);
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.refresh_token).toMatch(/^pcr_/);
      for (const { body } of [credentials, password, refreshed]) {
        // Tokens this version mints carry the change version.
        expect(decodeJwt(body.access_token!).cv).toBeLessThanOrEqual(await readChangeVersion(db()));
        expect((await callGateway(gateway, { authorization: `Bearer ${body.access_token!}` })).status).toBe(200);
      }
      const wrongSecret = await tokenRequest({ grant_type: "client_credentials" }, { ...client, secret: generateSecret("consumerSecret") });
      expect(wrongSecret.status).toBe(401);
    });

    it("reads the previous release's usage history in the dashboards", async () => {
      const admin = (await authenticateUser(db(), { email: "admin@previous.test", password: ADMIN_PASSWORD })) as Actor;
      const totals = await usageTotals({ ctx: { db: db(), actor: admin }, audience: "platform", input: { range: "24h" } });
      expect({ calls: totals.calls, throttled: totals.throttled, errors: totals.errors, bytesOut: totals.bytesOut }).toEqual({
        calls: 6,
        throttled: 2,
        errors: 3,
        bytesOut: 704,
      });
    });

    it("starts the change version and moves it with the next write a gateway reads", async () => {
      const start = await readChangeVersion(db());
      expect(start).toBeGreaterThanOrEqual(0);
      await db().execute(sql`update applications set description = 'Renamed after the upgrade' where id = ${previous.applicationId}`);
      expect(await readChangeVersion(db())).toBe(start + 1);
    });

    it("refuses the previous release's token and API key once their user is disabled", async () => {
      const admin = (await authenticateUser(db(), { email: "admin@previous.test", password: ADMIN_PASSWORD })) as Actor;
      await setUserDisabled({ ctx: { db: db(), actor: admin }, userId: previous.subscriberId, input: { disabled: true } });
      for (const headers of [{ authorization: `Bearer ${previous.applicationToken.token}` }, { apikey: previous.apiKey.token }] as Record<string, string>[]) {
        const refused = await callGateway(gateway, headers);
        expect(refused.status).toBe(401);
        expect(refused.body.code).toBe("900901");
      }
      const client = { id: previous.consumerKey, secret: previous.consumerSecret };
      expect((await tokenRequest({ grant_type: "client_credentials" }, client)).status).not.toBe(200);
    });
  });
}
