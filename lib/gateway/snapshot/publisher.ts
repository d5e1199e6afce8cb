import { disassembleSnapshot } from "./assemble";
import { publishSnapshot, SNAPSHOT_KEYS, type SharedKeys, type SnapshotKeyValue } from "./shared-snapshot";
import type { GatewaySnapshot } from "./types";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

/**
 * Publishes a Node runtime's snapshots for Edge gateways (SnapshotStore's `onRebuilt`): one at a
 * time and in order, so an older snapshot never lands after a newer one; when rebuilds come faster
 * than publishing, only the newest waiting one is sent. A rebuild that changed nothing (the 30 s
 * safety net) is not sent again while the published version is still there, so Edge isolates do
 * not re-read an identical document.
 */
export function createSnapshotPublisher(kv: SnapshotKeyValue, builder: string, keys: SharedKeys = SNAPSHOT_KEYS) {
  let waiting: GatewaySnapshot | null = null;
  let running: Promise<void> | null = null;
  let lastContent: string | null = null;
  let lastVersion: string | null = null;

  const publishOne = async (snapshot: GatewaySnapshot) => {
    // Everything but the version and build time, which change with every rebuild.
    const fingerprint = JSON.stringify({ ...disassembleSnapshot(snapshot), version: 0, builtAt: 0 });
    if (fingerprint === lastContent && lastVersion !== null && (await kv.get(keys.version)) !== null) return;
    lastVersion = await publishSnapshot(kv, snapshot, builder, keys);
    lastContent = fingerprint;
  };

  const run = async () => {
    while (waiting) {
      const snapshot = waiting;
      waiting = null;
      try {
        await publishOne(snapshot);
      } catch (error) {
        // The next rebuild (a change, or the periodic one) publishes again.
        log.error({ err: error }, "cannot publish the snapshot for Edge gateways");
      }
    }
    running = null;
  };

  return {
    publish(snapshot: GatewaySnapshot): Promise<void> {
      waiting = snapshot;
      running ??= run();
      return running;
    },
    /** Resolves when nothing is being or waiting to be published. */
    idle: (): Promise<void> => running ?? Promise.resolve(),
  };
}
