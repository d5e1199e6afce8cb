import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { queryRows } from "@/lib/analytics/sql";
import type { Actor } from "@/lib/services/context";

/** The catalogue the synthetic traffic is spread over. */
export const CATALOGUE = { apis: 50, resourcesPerApi: 10, applications: 500, appsPerDeveloper: 5 } as const;
const ORG_SLUG = "bench-analytics";
const SPAN_DAYS = 30;
const CHUNK = 1_000_000;
// A hash nobody can sign in with: the bench never signs in, it calls the services with an actor.
const NO_PASSWORD = "scrypt$32768$8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export type BenchActors = { publisher: Actor; developer: Actor; admin: Actor };

/**
 * One organization with 50 published APIs of 10 resources each, 100 developers with 5 applications
 * each, and each application subscribed to 1–8 APIs, popular APIs more often. Set-based and
 * idempotent: a second run finds the organization and only reads the actors back.
 */
export async function ensureCatalogue(db: Database): Promise<BenchActors> {
  await db.transaction(async (tx) => {
    const [existing] = await queryRows<{ id: string }>(tx, sql`select id from organizations where slug = ${ORG_SLUG}`);
    if (existing) return;
    const developers = CATALOGUE.applications / CATALOGUE.appsPerDeveloper;
    await tx.execute(sql`insert into organizations (name, slug) values ('Bench analytics', ${ORG_SLUG})`);
    const org = sql`(select id from organizations where slug = ${ORG_SLUG})`;
    await tx.execute(sql`
      insert into users (organization_id, email, name, password_hash, roles)
      select ${org}, v.email, v.name, ${NO_PASSWORD}, v.roles::role[] from (values
        ('publisher@bench-analytics.local', 'Bench publisher', '{publisher}'),
        ('admin@bench-analytics.local', 'Bench admin', '{admin}')) v(email, name, roles)
      union all
      select ${org}, format('dev%s@bench-analytics.local', lpad(d::text, 3, '0')), format('Developer %s', d), ${NO_PASSWORD}, '{subscriber}'::role[]
      from generate_series(0, ${developers - 1}) d`);
    await tx.execute(sql`
      insert into apis (organization_id, name, context, version, state, is_default_version)
      select ${org}, format('Bench API %s', lpad(a::text, 2, '0')), format('/bench-api-%s', a), '1.0.0', 'PUBLISHED', true
      from generate_series(0, ${CATALOGUE.apis - 1}) a`);
    await tx.execute(sql`
      insert into api_resources (api_id, method, target, position)
      select apis.id, (array['GET','POST','PUT','DELETE','GET'])[1 + r % 5]::http_method, format('/items%s/{id%s}', r, r), r
      from apis cross join generate_series(0, ${CATALOGUE.resourcesPerApi - 1}) r
      where apis.organization_id = ${org}`);
    await tx.execute(sql`
      insert into applications (owner_id, name)
      select u.id, format('App %s', lpad(a::text, 3, '0'))
      from generate_series(0, ${CATALOGUE.applications - 1}) a
      join users u on u.email = format('dev%s@bench-analytics.local', lpad((a / ${CATALOGUE.appsPerDeveloper})::text, 3, '0'))`);
    // Application a subscribes to 1 + a % 8 APIs; the k-th pick favours low-numbered (popular) APIs.
    await tx.execute(sql`
      insert into subscriptions (application_id, api_id, throttling_tier, created_at)
      select distinct on (app.id, api.id) app.id, api.id, 'Unlimited', now() - make_interval(days => abs(hashint4((app.n * 31 + k)::int)) % 60)
      from (select id, row_number() over (order by name) - 1 as n from applications where name like 'App %'
              and owner_id in (select id from users where email like '%@bench-analytics.local')) app
      cross join generate_series(0, 7) k
      join (select id, row_number() over (order by name) - 1 as n from apis where organization_id = ${org}) api
        on api.n = floor(power(abs(hashint4((app.n * 8 + k)::int)) / 2147483648.0, 2) * ${CATALOGUE.apis})
      where k <= app.n % 8`);
  });
  const actor = async (email: string): Promise<Actor> => {
    const [row] = await queryRows<{ id: string; email: string; name: string; roles: string | string[]; organization_id: string }>(
      db,
      sql`select id, email, name, roles, organization_id from users where email = ${email}`,
    );
    const roles = Array.isArray(row.roles) ? row.roles : row.roles.replace(/[{}]/g, "").split(",");
    return { id: row.id, email: row.email, name: row.name, roles: roles as Actor["roles"], organizationId: row.organization_id };
  };
  return {
    publisher: await actor("publisher@bench-analytics.local"),
    developer: await actor("dev000@bench-analytics.local"),
    admin: await actor("admin@bench-analytics.local"),
  };
}

export type EventsState = { count: number; newest: Date | null };

export async function eventsState(db: Database): Promise<EventsState> {
  const [row] = await queryRows<{ n: string | number; newest: string | Date | null }>(db, sql`select count(*) as n, max(at) as newest from usage_events`);
  return { count: Number(row.n), newest: row.newest ? new Date(row.newest) : null };
}

/**
 * Empties the usage tables and writes `count` events over the 30 days before now, in id order as a
 * gateway would (a few seconds of jitter), in chunks of a million, each its own transaction. Traffic
 * goes through the subscriptions, popular ones far more often; about 3% of calls are anonymous (no
 * application) and 1% match no API. Outcomes: ~93% 2xx, 429s from three throttling levels, other
 * 4xx, and 5xx from the backend or the gateway; latencies log-normal around 40 ms with a long tail.
 */
export async function generateEvents(db: Database, count: number, log: (line: string) => void): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`truncate usage_events, usage_rollups, usage_error_rollups, rollup_cursors restart identity`);
  });
  const end = Date.now();
  const start = end - SPAN_DAYS * 86_400_000;
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local work_mem = '64MB'`);
      await tx.execute(sql`
        with targets as (
          select row_number() over (order by s.created_at, s.id) - 1 as n, s.api_id, s.application_id, apis.version, apis.name, apis.context
          from subscriptions s join apis on apis.id = s.api_id
          where apis.context like '/bench-api-%'),
        resources as (
          select r.api_id, r.position as k, r.method::text as method, r.method::text || ' ' || r.target as resource from api_resources r
          join apis on apis.id = r.api_id where apis.context like '/bench-api-%'),
        draws as (
          select g, random() as pick, random() as res, random() as outcome, random() as u1, random() as u2, random() as extra
          from generate_series(${from}::bigint, ${to}::bigint) g),
        calls as (
          select d.*, t.api_id, t.version, t.name, t.context,
            case when d.extra < 0.03 then null else t.application_id end as application_id,
            exp(ln(40) + 0.8 * sqrt(-2 * ln(1 - d.u1)) * cos(2 * pi() * d.u2)) as ms,
            case
              when d.outcome < 0.85 then 200 when d.outcome < 0.93 then 201
              when d.outcome < 0.945 then 404 when d.outcome < 0.955 then 401 when d.outcome < 0.96 then 403
              when d.outcome < 0.972 then 429 when d.outcome < 0.977 then 429 when d.outcome < 0.98 then 429
              when d.outcome < 0.99 then 500 when d.outcome < 0.995 then 502 else 504 end as status,
            case
              when d.outcome < 0.93 then null when d.outcome < 0.945 then '404' when d.outcome < 0.955 then '900901'
              when d.outcome < 0.96 then '900908' when d.outcome < 0.972 then '900804' when d.outcome < 0.977 then '900803'
              when d.outcome < 0.98 then '900800' when d.outcome < 0.99 then null when d.outcome < 0.995 then '101503' else '101504' end as error_code
          from draws d
          join targets t on t.n = floor(power(d.pick, 3) * (select count(*) from targets)))
        insert into usage_events (at, api_id, api_name, api_version, context, resource, method, application_id, user_id, key_type,
          status, error_code, latency_ms, backend_latency_ms, bytes_in, bytes_out, client_ip, gateway_id)
        select
          to_timestamp((${start} + (c.g - 0.5) * ${(end - start) / count} + (c.extra - 0.5) * 4000) / 1000.0),
          case when c.extra > 0.99 then null else c.api_id end,
          case when c.extra > 0.99 then null else c.name end,
          case when c.extra > 0.99 then null else c.version end,
          case when c.extra > 0.99 then null else c.context end,
          case when c.extra > 0.99 or c.status = 404 then null else r.resource end,
          coalesce(r.method, 'GET'), c.application_id,
          case when c.application_id is null then null else 'bench-user' end, 'PRODUCTION',
          case when c.extra > 0.99 then 404 else c.status end,
          case when c.extra > 0.99 then '404' else c.error_code end,
          case when c.status = 504 then 30000 + c.ms else c.ms + 0.3 + c.u2 end,
          case when c.status in (200, 201, 500, 502) and c.error_code is null then c.ms end,
          case when r.method in ('POST', 'PUT') then 200 + floor(c.u1 * 2000) else 0 end,
          floor(200 + c.u2 * c.u2 * 20000), '198.51.100.' || (1 + floor(c.pick * 200))::int, 'bench-gateway'
        from calls c
        left join resources r on r.api_id = c.api_id and r.k = floor(c.res * ${CATALOGUE.resourcesPerApi})
        order by c.g`);
    });
    log(`  ${to.toLocaleString("en")} / ${count.toLocaleString("en")} events`);
  }
  await db.execute(sql`vacuum analyze usage_events`);
}
