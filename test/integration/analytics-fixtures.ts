import { and, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { apis, applications, usageEvents } from "@/db/schema";
import { uniqueSuffix } from "@/test/harness/factories";

type UsageEventRow = typeof usageEvents.$inferInsert;

/** An API row in a given organization (the gateway fixtures put every API in the default one). */
export async function createOrgApi(db: Database, organizationId: string, name = `Api${uniqueSuffix()}`) {
  const [api] = await db
    .insert(apis)
    .values({ organizationId, name, context: `/${name.toLowerCase()}-${uniqueSuffix()}`, version: "1.0.0", state: "PUBLISHED" })
    .returning();
  return api;
}

export async function createApp(db: Database, ownerId: string) {
  const [app] = await db.insert(applications).values({ ownerId, name: `App ${uniqueSuffix()}` }).returning();
  return app;
}

/** A small seeded generator, so a failing run can be replayed. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}

const OUTCOMES = [
  { status: 200, errorCode: null, backend: true },
  { status: 200, errorCode: null, backend: true },
  { status: 200, errorCode: null, backend: true },
  { status: 201, errorCode: null, backend: true },
  { status: 404, errorCode: "404", backend: false },
  { status: 401, errorCode: "900901", backend: false },
  { status: 429, errorCode: "900804", backend: false },
  { status: 429, errorCode: "900803", backend: false },
  { status: 500, errorCode: null, backend: true },
  { status: 502, errorCode: "101503", backend: false },
] as const;

export type SyntheticTarget = { apiId: string | null; apiVersion?: string };

/**
 * `count` events spread over `spanMs` before `now`, across the given APIs (null: no API matched),
 * applications (null: anonymous), resources, statuses with gateway error codes, and latencies from
 * sub-millisecond to over a minute.
 */
export function syntheticEvents(options: {
  count: number;
  now: Date;
  spanMs: number;
  apis: SyntheticTarget[];
  applicationIds: (string | null)[];
  seed: number;
}): UsageEventRow[] {
  const random = seeded(options.seed);
  const events: UsageEventRow[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const api = random.pick(options.apis);
    const outcome = random.pick(OUTCOMES);
    const method = random.pick(["GET", "POST", "DELETE"] as const);
    const latency = Math.exp(random.next() * 11.5) / 10; // 0.1 ms … ~10 s, a few beyond
    events.push({
      at: new Date(options.now.getTime() - Math.floor(random.next() * options.spanMs)),
      apiId: api.apiId,
      apiName: api.apiId ? "Synthetic" : null,
      apiVersion: api.apiId ? (api.apiVersion ?? "1.0.0") : null,
      context: api.apiId ? "/synthetic" : null,
      resource: api.apiId ? random.pick([`${method} /orders`, `${method} /orders/{id}`, null]) : null,
      method,
      applicationId: random.pick(options.applicationIds),
      userId: null,
      keyType: "PRODUCTION",
      status: outcome.status,
      errorCode: outcome.errorCode,
      latencyMs: random.next() < 0.01 ? 61_000 + random.next() * 1000 : latency,
      backendLatencyMs: outcome.backend ? latency * random.next() : null,
      bytesIn: 0,
      bytesOut: Math.floor(random.next() * 5000),
      clientIp: "198.51.100.7",
      gatewayId: "test-gateway",
    });
  }
  return events;
}

export async function insertEvents(db: Database, events: UsageEventRow[]): Promise<void> {
  for (let i = 0; i < events.length; i += 500) await db.insert(usageEvents).values(events.slice(i, i + 500));
}

/** The raw events a scope and range should count, as a condition on usage_events. */
export function rawWhere(range: { from: string; to: string }, scope: SQL | undefined): SQL | undefined {
  return and(gte(usageEvents.at, new Date(range.from)), lt(usageEvents.at, new Date(range.to)), scope);
}

export const inApis = (ids: string[]) => inArray(usageEvents.apiId, ids);
export const inApps = (ids: string[]) => inArray(usageEvents.applicationId, ids);

/** Totals straight from the raw events (a row counts as its `calls`). */
export async function rawTotals(db: Database, where: SQL | undefined) {
  const [row] = await db
    .select({
      calls: sql<number>`coalesce(sum(${usageEvents.calls}), 0)`.mapWith(Number),
      errors: sql<number>`coalesce(sum(${usageEvents.calls}) filter (where ${usageEvents.status} >= 400), 0)`.mapWith(Number),
      throttled: sql<number>`coalesce(sum(${usageEvents.calls}) filter (where ${usageEvents.status} = 429), 0)`.mapWith(Number),
      latencySum: sql<number>`coalesce(sum(${usageEvents.latencyMs}), 0)`.mapWith(Number),
      bytesOut: sql<number>`coalesce(sum(${usageEvents.bytesOut}), 0)`.mapWith(Number),
    })
    .from(usageEvents)
    .where(where);
  return row;
}

/** Nearest-rank percentile of raw latencies (of rows of one call each). */
export async function rawPercentile(db: Database, where: SQL | undefined, p: number): Promise<number | null> {
  const rows = await db.select({ ms: usageEvents.latencyMs }).from(usageEvents).where(where);
  const values = rows.map((r) => r.ms).sort((a, b) => a - b);
  if (!values.length) return null;
  return values[Math.max(1, Math.ceil(p * values.length)) - 1];
}
