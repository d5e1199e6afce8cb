import { openDatabase, type DatabaseOptions } from "@/db/client";
import { throttlingPolicies } from "@/db/schema";
import { issueApplicationToken } from "@/lib/keys/application-token";
import { generateConsumerKeys } from "@/lib/keys/consumer-keys";
import { ensureInitialAdmin } from "@/lib/users/initial-admin";
import { loadActor } from "@/lib/users/authenticate";
import { createApi, createApplication, subscribe } from "@/test/harness/gateway-fixtures";

export type BenchSeed = { contexts: Record<string, string>; tokens: string[] };

/**
 * Writes what the benchmark calls into a fresh database (a PGlite data dir, or a Postgres database
 * for the standalone gateway), before the product starts on it:
 * one API per payload size, an application subscribed to each, and `tokenCount` access tokens.
 * Every throttling level gets a finite (huge) policy so the limiter really runs on each request.
 */
export async function seedBenchData(database: DatabaseOptions, backends: Record<string, string>, tokenCount: number): Promise<BenchSeed> {
  const handle = await openDatabase(database);
  try {
    await handle.migrate();
    const db = handle.db;
    const admin = await ensureInitialAdmin(db, { email: "admin@bench.local", password: "bench-password" });
    if (!admin.created) throw new Error("the bench data dir must be fresh");
    const [{ id: adminId }] = await db.query.users.findMany({ columns: { id: true }, limit: 1 });
    const actor = (await loadActor(db, adminId))!;
    const huge = { requestCount: 1_000_000_000, unitTime: 1, timeUnit: "min" as const };
    await db.insert(throttlingPolicies).values([
      { level: "SUBSCRIPTION", name: "BenchSubscription", displayName: "Bench", ...huge },
      { level: "APPLICATION", name: "BenchApplication", displayName: "Bench", ...huge },
      { level: "API", name: "BenchResource", displayName: "Bench", ...huge },
    ]);
    const app = await createApplication(db, actor.id, "BenchApplication");
    const contexts: Record<string, string> = {};
    for (const [label, url] of Object.entries(backends)) {
      const api = await createApi(db, {
        context: `/bench${label}`,
        production: url,
        resources: [{ method: "GET", target: "/*", throttlingTier: "BenchResource" }],
      });
      await subscribe(db, app.id, api.id, "BenchSubscription");
      contexts[label] = `/bench${label}/1.0.0/data`;
    }
    const ctx = { db, actor };
    await generateConsumerKeys({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION" } });
    const tokens: string[] = [];
    for (let i = 0; i < tokenCount; i++) {
      tokens.push((await issueApplicationToken({ ctx, input: { applicationId: app.id, keyType: "PRODUCTION", validityPeriod: 86_400 } })).accessToken);
    }
    return { contexts, tokens };
  } finally {
    await handle.close();
  }
}
