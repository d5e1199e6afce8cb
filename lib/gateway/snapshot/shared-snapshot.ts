import { assembleSnapshot, disassembleSnapshot, type SnapshotParts } from "./assemble";
import type { GatewaySnapshot } from "./types";

/** Redis keys of the snapshot document that portal processes publish for Edge gateways. */
export const SNAPSHOT_KEYS = { document: "portcullis:gateway:snapshot", version: "portcullis:gateway:snapshot-version" } as const;

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
export async function publishSnapshot(kv: SnapshotKeyValue, snapshot: GatewaySnapshot, builder: string): Promise<string> {
  const version = `${snapshot.builtAt}-${builder}-${snapshot.version}`;
  await kv.set(SNAPSHOT_KEYS.document, JSON.stringify({ version, parts: disassembleSnapshot(snapshot) }));
  await kv.set(SNAPSHOT_KEYS.version, version);
  return version;
}

/**
 * An Edge isolate's view of the published snapshot: re-reads the version key at most once per
 * `checkEveryMs` and the document only when the version changed.
 */
export class SharedSnapshotReader {
  private snapshot: GatewaySnapshot | null = null;
  private version: string | null = null;
  private checkedAt = 0;
  private pending: Promise<GatewaySnapshot | null> | null = null;

  constructor(
    private readonly kv: SnapshotKeyValue,
    private readonly checkEveryMs = 1000,
  ) {}

  /** The newest snapshot, or null when none has been published yet. */
  async current(force = false): Promise<GatewaySnapshot | null> {
    if (!force && this.snapshot && Date.now() - this.checkedAt < this.checkEveryMs) return this.snapshot;
    this.pending ??= this.load().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async load(): Promise<GatewaySnapshot | null> {
    const version = await this.kv.get(SNAPSHOT_KEYS.version);
    this.checkedAt = Date.now();
    if (version && version !== this.version) {
      const raw = await this.kv.get(SNAPSHOT_KEYS.document);
      if (raw) {
        const document = JSON.parse(raw) as { version: string; parts: SnapshotParts };
        this.snapshot = assembleSnapshot(document.parts);
        this.version = document.version;
      }
    }
    return this.snapshot;
  }
}
