import { hostname } from "node:os";
import { SignJWT } from "jose";
import type { Database } from "@/db/client";
import { gatewayInstances } from "@/db/schema";
import { subscribe } from "@/lib/events/bus";
import { activeSigningKey, recordSigning } from "@/lib/keys/signing-keys";
import type { Limiter } from "@/lib/throttling/limiter";
import { createGatewayHandler, type GatewayHandler } from "../handler";
import { buildSnapshot } from "../snapshot/build";
import { createSnapshotPublisher } from "../snapshot/publisher";
import { SNAPSHOT_KEYS, type SharedKeys, type SnapshotKeyValue } from "../snapshot/shared-snapshot";
import { SnapshotStore } from "../snapshot/store";
import type { UsageQueueReader } from "../usage-queue";
import { createUndiciForwarder } from "./undici-forwarder";
import { startUsageDrain } from "./usage-drain";
import { createUsageRecorder } from "./usage-recorder";

export type GatewayRuntimeOptions = {
  db: Database;
  mount: "embedded" | "standalone";
  issuer: string;
  trustedOrigins: string[];
  limiter: Limiter;
  limiterFailureMode: "open" | "closed";
  /** Safety-net full rebuild; change events normally make it unnecessary. */
  refreshEveryMs?: number;
  /**
   * The Redis shared with Edge gateways (mount c, Upstash): every snapshot this runtime builds is
   * published there, and the usage events the Edge gateways queue there are written to the database.
   */
  sharedSnapshot?: SnapshotKeyValue & UsageQueueReader;
  /** Its keys (REDIS_KEY_PREFIX); default under `portcullis:`. */
  sharedKeys?: SharedKeys;
};

export type GatewayRuntime = {
  handler: GatewayHandler;
  store: SnapshotStore;
  gatewayId: string;
  flushUsage: () => Promise<void>;
  stop: () => Promise<void>;
};

/** The gateway for Node mounts (a) and (b): snapshot from the database, kept current by control-plane events. */
export async function startGatewayRuntime(options: GatewayRuntimeOptions): Promise<GatewayRuntime> {
  const { db, sharedSnapshot } = options;
  const gatewayId = `${hostname()}:${process.pid}:${options.mount}`;
  const sharedKeys = options.sharedKeys ?? SNAPSHOT_KEYS;
  const publisher = sharedSnapshot ? createSnapshotPublisher(sharedSnapshot, gatewayId, sharedKeys) : null;
  const store = await SnapshotStore.create((version) => buildSnapshot(db, version), {
    refreshEveryMs: options.refreshEveryMs ?? 30_000,
    onRebuilt: publisher ? (snapshot) => publisher.publish(snapshot) : undefined,
  });
  // Edge gateways answer 404 until a snapshot is published: have the first one out before serving.
  await publisher?.idle();
  const unsubscribe = subscribe((event) => {
    if (event.type === "token.revoked") store.patch((snapshot) => snapshot.revoked.set(event.jti, event.expiresAt));
    store.invalidate();
  });
  const forwarder = createUndiciForwarder();
  const recorder = createUsageRecorder(db);
  const drain = sharedSnapshot ? startUsageDrain(sharedSnapshot, sharedKeys.usage, recorder.record) : null;
  const startedAt = new Date();

  const handler = createGatewayHandler({
    snapshot: () => store.current,
    refreshSnapshot: () => store.refreshAtMostEvery(1000),
    issuer: options.issuer,
    limiter: options.limiter,
    limiterFailureMode: options.limiterFailureMode,
    forward: forwarder,
    record: recorder.record,
    signBackendJwt: backendJwtSigner(db, options.issuer),
    gatewayId,
    trustedOrigins: options.trustedOrigins,
  });

  const heartbeat = async () => {
    const snapshot = store.current;
    const row = {
      id: gatewayId,
      mount: options.mount,
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
      .catch((error: unknown) => console.error("[gateway] heartbeat failed:", error));
  };
  await heartbeat();
  const heartbeatTimer = setInterval(() => void heartbeat(), 10_000);
  heartbeatTimer.unref();

  return {
    handler,
    store,
    gatewayId,
    flushUsage: async () => {
      await drain?.drain();
      await recorder.flush();
    },
    async stop() {
      clearInterval(heartbeatTimer);
      unsubscribe();
      store.stop();
      await publisher?.idle();
      await drain?.stop();
      await recorder.stop();
      await forwarder.close();
    },
  };
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
