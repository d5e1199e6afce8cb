import { hostname } from "node:os";
import { SignJWT, type JSONWebKeySet } from "jose";
import type { Database } from "@/db/client";
import { gatewayInstances } from "@/db/schema";
import { subscribe } from "@/lib/events/bus";
import { readChangeVersion } from "@/lib/events/change-version";
import { activeSigningKey, readPublishedJwks, recordSigning } from "@/lib/keys/signing-keys";
import type { UsageRecord } from "../context";
import { buildSnapshot } from "../snapshot/build";
import { createSnapshotPublisher } from "../snapshot/publisher";
import { SNAPSHOT_KEYS, type SharedKeys, type SnapshotKeyValue } from "../snapshot/shared-snapshot";
import { freshRead } from "../snapshot/fresh-read";
import { SnapshotStore } from "../snapshot/store";
import type { GatewaySnapshot, UserGate } from "../snapshot/types";
import type { UsageQueueReader } from "../usage-queue";
import { startUsageDrain } from "./usage-drain";
import { createUsageRecorder } from "./usage-recorder";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

export type ControlPlaneLinkOptions = {
  db: Database;
  mount: "embedded" | "standalone";
  issuer: string;
  /** Safety-net full rebuild; change events normally make it unnecessary. */
  refreshEveryMs?: number;
  /**
   * The Redis shared with Edge gateways (mount c, Upstash): every snapshot this link builds is
   * published there, and the usage events the Edge gateways queue there are written to the database.
   */
  sharedSnapshot?: SnapshotKeyValue & UsageQueueReader;
  /** Its keys (REDIS_KEY_PREFIX); default under `portcullis:`. */
  sharedKeys?: SharedKeys;
};

/** What changed in the snapshot: a rebuild (the whole new one), or a revoked token patched in at once. */
export type SnapshotChange =
  | { type: "rebuilt"; snapshot: GatewaySnapshot }
  | { type: "revoked"; jti: string; expiresAt: number | null }
  | { type: "userGate"; userId: string; gate: UserGate }
  | { type: "jwks"; jwks: JSONWebKeySet };

/**
 * Everything a Node gateway needs from the database, kept apart from the request path so that the
 * pipeline can run on another thread (the embedded mode) or beside it (the standalone gateway).
 */
export type ControlPlaneLink = {
  gatewayId: string;
  store: SnapshotStore;
  /** Buffers a usage event; written to the database in batches. */
  record: (event: UsageRecord) => void;
  signBackendJwt: (claims: Record<string, unknown>) => Promise<string>;
  /** A rebuild on a request's behalf (an unknown signing key), at most once a second. */
  refreshSnapshot: () => Promise<boolean>;
  /**
   * Brings the snapshot up to every change committed before the call, waiting at most a second:
   * one tiny query (shared by every caller meanwhile) and a rebuild only when the database is ahead.
   * Resolves with the change version of the snapshot now live.
   */
  catchUp: () => Promise<number>;
  /** Re-reads the published signing keys into the live snapshot (see GatewayDeps.refreshJwks). */
  refreshJwks: () => Promise<boolean>;
  /** Tells `listener` about every snapshot change after this call; returns the unsubscribe. */
  onChange: (listener: (change: SnapshotChange) => void) => () => void;
  flushUsage: () => Promise<void>;
  /** Calls whose usage events were dropped because too many waited to be written. */
  usageDropped: () => number;
  stop: () => Promise<void>;
};

/**
 * The gateway's snapshot (built from the database, kept current by control-plane events), usage
 * recorder, Edge usage drain, backend JWT signer and heartbeat.
 */
export async function startControlPlaneLink(options: ControlPlaneLinkOptions): Promise<ControlPlaneLink> {
  const { db, sharedSnapshot } = options;
  const gatewayId = `${hostname()}:${process.pid}:${options.mount}`;
  const sharedKeys = options.sharedKeys ?? SNAPSHOT_KEYS;
  const publisher = sharedSnapshot ? createSnapshotPublisher(sharedSnapshot, gatewayId, sharedKeys) : null;
  const listeners = new Set<(change: SnapshotChange) => void>();
  const tell = (change: SnapshotChange) => {
    for (const listener of listeners) listener(change);
  };
  const store = await SnapshotStore.create((version) => buildSnapshot(db, version), {
    refreshEveryMs: options.refreshEveryMs ?? 30_000,
    onRebuilt: (snapshot) => {
      tell({ type: "rebuilt", snapshot });
      return publisher?.publish(snapshot);
    },
  });
  // Edge gateways answer 404 until a snapshot is published: have the first one out before serving.
  await publisher?.idle();
  const jwks = jwksRefresher(db, store, (keys) => tell({ type: "jwks", jwks: keys }));
  const catchUp = createCatchUp(db, store, publisher);
  // A write in this process awaits this (lib/events/bus.ts): it answers once this gateway has the
  // change and, with Upstash, once the snapshot holding it is published for the Edge gateways.
  const unsubscribe = subscribe((event) => {
    // A new signing key is announced before it signs: know it before the announcement returns.
    const keysRead = event.type === "signing-keys.changed" ? jwks.refresh(true) : null;
    if (event.type === "token.revoked") {
      store.patch((snapshot) => snapshot.revoked.set(event.jti, event.expiresAt));
      tell({ type: "revoked", jti: event.jti, expiresAt: event.expiresAt });
    }
    if (event.type === "user.access.changed") {
      // In force on the next call, not after the rebuild: a disabled user's credentials die at once.
      const gate = { disabled: event.disabled, tokensValidFrom: event.tokensValidFrom };
      store.patch((snapshot) => snapshot.userGates.set(event.userId, gate));
      tell({ type: "userGate", userId: event.userId, gate });
    }
    return Promise.all([keysRead, catchUp(true)]).then(() => undefined);
  });
  const recorder = createUsageRecorder(db);
  const drain = sharedSnapshot ? startUsageDrain(sharedSnapshot, sharedKeys.usage, recorder.record) : null;
  const stopHeartbeat = await startHeartbeat(db, gatewayId, options.mount, store);

  return {
    gatewayId,
    store,
    record: recorder.record,
    signBackendJwt: backendJwtSigner(db, options.issuer),
    refreshSnapshot: () => store.refreshAtMostEvery(1000),
    catchUp: () => catchUp(),
    refreshJwks: () => jwks.refresh(false),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    usageDropped: () => recorder.stats().dropped,
    flushUsage: async () => {
      await drain?.drain();
      await recorder.flush();
    },
    async stop() {
      stopHeartbeat();
      unsubscribe();
      listeners.clear();
      store.stop();
      await publisher?.idle();
      await drain?.stop();
      await recorder.stop();
    },
  };
}

/** How long a call (or a write in this process) may wait for the gateway to catch up with a change. */
export const CATCH_UP_MS = 1000;
const LOG_EVERY_MS = 10_000;

/**
 * ControlPlaneLink' `catchUp`. Under a flood of refused calls it costs at most one version query in
 * flight (and one waiting) per process, and a rebuild only when the database really is ahead. When
 * the database cannot answer, the snapshot stays as it is and a rebuild is scheduled.
 */
function createCatchUp(db: Database, store: SnapshotStore, publisher: { idle: () => Promise<void> } | null) {
  const latest = freshRead(() => readChangeVersion(db));
  let loggedAt = 0;
  const bringUp = async (published: boolean) => {
    try {
      if ((await latest()) > store.current.changeVersion) await store.refresh();
      if (published) await publisher?.idle();
    } catch (error) {
      store.invalidate();
      if (Date.now() - loggedAt >= LOG_EVERY_MS) {
        loggedAt = Date.now();
        log.error({ reason: error instanceof Error ? error.message : String(error) }, "cannot read the change version");
      }
    }
  };
  /** With `published`, also until the snapshot is out to the Edge gateways (within the same bound). */
  return async (published = false): Promise<number> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CATCH_UP_MS)));
    await Promise.race([bringUp(published), timeout]);
    clearTimeout(timer);
    return store.current.changeVersion;
  };
}

/** The gateway's row for the admin dashboard (processes seen, snapshot age): now, then every 10 s. */
async function startHeartbeat(db: Database, gatewayId: string, mount: ControlPlaneLinkOptions["mount"], store: SnapshotStore) {
  const startedAt = new Date();
  const heartbeat = async () => {
    const snapshot = store.current;
    const row = {
      id: gatewayId,
      mount,
      hostname: hostname(),
      startedAt,
      lastSeenAt: new Date(),
      snapshotVersion: snapshot.version,
      snapshotBuiltAt: new Date(snapshot.builtAt),
    };
    await db
      .insert(gatewayInstances)
      .values(row)
      .onConflictDoUpdate({ target: gatewayInstances.id, set: { lastSeenAt: row.lastSeenAt, snapshotVersion: row.snapshotVersion, snapshotBuiltAt: row.snapshotBuiltAt } })
      .catch((error: unknown) => log.error({ err: error }, "heartbeat failed"));
  };
  await heartbeat();
  const timer = setInterval(() => void heartbeat(), 10_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** X-JWT-Assertion: the caller's claims signed with the key manager's active key, valid for 15 minutes. */
function backendJwtSigner(db: Database, issuer: string) {
  return async (claims: Record<string, unknown>) => {
    const key = await activeSigningKey(db);
    const expiresAt = new Date(Date.now() + 15 * 60_000);
    // Keeps the key published until these JWTs expire; a no-op while within its watermark.
    await recordSigning(db, key, expiresAt);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key.privateKey);
  };
}

/** A token with an unknown `kid` re-reads the keys at most this often, in all (not per kid). */
const JWKS_REFRESH_COOLDOWN_MS = 5_000;

/**
 * Re-reads only the published signing keys (one small query) into the live snapshot: concurrent
 * callers share one read, and unknown-kid reads happen at most once per cooldown in all, so tokens
 * with made-up key ids cannot turn into database load. `force` (a key was announced) skips the cooldown.
 */
function jwksRefresher(db: Database, store: SnapshotStore, announce: (jwks: JSONWebKeySet) => void) {
  let running: Promise<boolean> | null = null;
  let lastRead = 0;
  return {
    refresh(force: boolean): Promise<boolean> {
      if (running) return running;
      if (!force && Date.now() - lastRead < JWKS_REFRESH_COOLDOWN_MS) return Promise.resolve(false);
      lastRead = Date.now();
      running = (async () => {
        try {
          const jwks: JSONWebKeySet = { keys: await readPublishedJwks(db) };
          // In place, not as a patch: a later rebuild reads the keys itself and must not be overwritten.
          store.current.jwks = jwks;
          announce(jwks);
          return true;
        } catch (error) {
          log.error({ err: error }, "signing keys re-read failed");
          return false;
        } finally {
          running = null;
        }
      })();
      return running;
    },
  };
}
