import { assembleSnapshot, disassembleSnapshot, type SnapshotParts } from "./assemble";
import { freshRead } from "./fresh-read";
import type { GatewaySnapshot } from "./types";
import { logger } from "@/lib/observability/log-core";

const log = logger("gateway");

/** REDIS_KEY_PREFIX's default: every key the product writes to Redis starts with it. */
export const DEFAULT_KEY_PREFIX = "portcullis";

/**
 * The Redis keys shared by Node processes and Edge gateways: the snapshot document they publish,
 * its version, and the list of usage events the Edge gateways leave for a Node process to write.
 */
export type SharedKeys = { document: string; version: string; usage: string };

export function sharedKeys(prefix = DEFAULT_KEY_PREFIX): SharedKeys {
  return { document: `${prefix}:gateway:snapshot`, version: `${prefix}:gateway:snapshot-version`, usage: `${prefix}:gateway:usage` };
}

export const SNAPSHOT_KEYS = sharedKeys();

/** The few Redis calls involved, so Upstash REST and Redis TCP clients both fit. */
export type SnapshotKeyValue = {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
};

/**
 * Writes the document first and the version key last, so a reader that sees a new version always
 * finds its document. The version is the build time plus the builder's own counter: unique across
 * portal processes without coordination.
 */
export async function publishSnapshot(kv: SnapshotKeyValue, snapshot: GatewaySnapshot, builder: string, keys: SharedKeys = SNAPSHOT_KEYS): Promise<string> {
  const version = `${snapshot.builtAt}-${builder}-${snapshot.version}`;
  await kv.set(keys.document, JSON.stringify({ version, parts: disassembleSnapshot(snapshot) }));
  await kv.set(keys.version, version);
  return version;
}

const LOG_EVERY_MS = 10_000;

/**
 * An Edge isolate's view of the published snapshot: re-reads the version key at most once per
 * `checkEveryMs` and the document only when the version changed. When the store cannot be read it
 * keeps serving the last snapshot (and tries again after `checkEveryMs`); it throws only when it has none.
 */
export class SharedSnapshotReader {
  private snapshot: GatewaySnapshot | null = null;
  private version: string | null = null;
  private checkedAt = 0;
  private pending: Promise<GatewaySnapshot | null> | null = null;
  private loggedAt = 0;
  /** Why the last read failed, while there is no snapshot to fall back on. */
  private failure: unknown = null;

  constructor(
    private readonly kv: SnapshotKeyValue,
    private readonly checkEveryMs = 1000,
    private readonly keys: SharedKeys = SNAPSHOT_KEYS,
  ) {}

  /** The newest snapshot, or null when none has been published yet. */
  async current(force = false): Promise<GatewaySnapshot | null> {
    if (!force && this.checkedAt && Date.now() - this.checkedAt < this.checkEveryMs) {
      if (this.failure) throw this.failure;
      return this.snapshot;
    }
    this.pending ??= this.load().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /**
   * A read of the version key (and the document when it changed) that started after this call,
   * shared with every caller meanwhile: at most one in flight, however many calls ask.
   */
  readonly fresh: () => Promise<GatewaySnapshot | null> = freshRead(() => this.load());

  private async load(): Promise<GatewaySnapshot | null> {
    try {
      const version = await this.kv.get(this.keys.version);
      if (version && version !== this.version) {
        const raw = await this.kv.get(this.keys.document);
        if (raw) {
          const document = JSON.parse(raw) as { version: string; parts: SnapshotParts };
          this.snapshot = assembleSnapshot(document.parts);
          this.version = document.version;
        }
      }
      this.failure = null;
    } catch (error) {
      if (!this.snapshot) {
        this.failure = error;
        throw error;
      }
      if (Date.now() - this.loggedAt >= LOG_EVERY_MS) {
        this.loggedAt = Date.now();
        log.error({ err: error }, "cannot read the shared snapshot; serving the last one read");
      }
    } finally {
      this.checkedAt = Date.now();
    }
    return this.snapshot;
  }
}
